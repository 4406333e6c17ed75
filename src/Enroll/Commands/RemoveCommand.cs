using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary><c>authy-enroll remove USER</c>: deletes a user's seed, so that user can no longer log in.</summary>
internal static class RemoveCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name to remove" };
        var command = new Command("remove", "Remove an enrolled user") { user };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption), parsed.GetRequiredValue(user)));
        return command;
    }

    private static int Run(string configPath, string name)
    {
        string user = UserName.Validate(name);
        using SecretStore store = Installation.OpenStore(Installation.LoadConfig(configPath));
        if (!store.RemoveUser(user))
        {
            throw CliException.Failure(
                $"user '{user}' is not enrolled; 'authy-enroll list' shows the enrolled users");
        }

        Console.WriteLine($"Removed user '{user}'.");
        return ExitCodes.Success;
    }
}

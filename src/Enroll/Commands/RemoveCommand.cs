using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll remove USER</c>: deletes a user's offline seed and Authy ID in one transaction, so that user
/// can no longer log in with a code or a push.
/// </summary>
internal static class RemoveCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name to remove" };
        var command = new Command("remove", "Remove a user's offline seed and Authy ID") { user };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption), parsed.GetRequiredValue(user)));
        return command;
    }

    private static int Run(string configPath, string name)
    {
        string user = UserName.Validate(name);
        using SecretStore store = Installation.OpenStore(Installation.LoadConfig(configPath));
        bool removedSeed = false;
        long? authyId = null;
        store.InTransaction(() =>
        {
            authyId = store.FindAuthyId(user);
            removedSeed = store.RemoveUser(user);
            store.RemoveAuthyId(user);
            store.RemoveLoginState(user);
        });

        string removed = (removedSeed, authyId) switch
        {
            (true, null) => "the offline seed",
            (true, _) => $"the offline seed and Authy ID {authyId}",
            (false, not null) => $"Authy ID {authyId}; the user had no offline seed",
            (false, null) => throw CliException.Failure(
                $"user '{user}' has no offline seed and no Authy ID; 'authy-enroll list' shows the stored users"),
        };
        Console.WriteLine($"Removed user '{user}': {removed}.");
        return ExitCodes.Success;
    }
}

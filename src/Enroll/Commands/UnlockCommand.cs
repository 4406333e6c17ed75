using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll unlock USER</c>: clears a user's lock and failed-login count, so the next login is
/// checked at once.
/// </summary>
internal static class UnlockCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name to unlock" };
        var command = new Command("unlock", "Clear a user's lockout and failed-login count") { user };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption), parsed.GetRequiredValue(user)));
        return command;
    }

    private static int Run(string configPath, string name)
    {
        string user = UserName.Validate(name);
        using SecretStore store = Installation.OpenStore(Installation.LoadConfig(configPath));
        Console.WriteLine(store.ResetFailures(user)
            ? $"Unlocked '{user}': the lock and the failed-login count are cleared."
            : $"User '{user}' had no failed logins counted; nothing to clear.");
        return ExitCodes.Success;
    }
}

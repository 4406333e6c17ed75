using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary><c>authy-enroll list</c>: prints one line per enrolled user, sorted by name.</summary>
internal static class ListCommand
{
    public static Command Create(Option<string> configOption)
    {
        var command = new Command("list", "List the enrolled users with their enrollment and last login times");
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption)));
        return command;
    }

    private static int Run(string configPath)
    {
        using SecretStore store = Installation.OpenStore(Installation.LoadConfig(configPath));
        IReadOnlyList<UserRecord> users = store.ListUsers();
        int nameWidth = users.Count == 0 ? 0 : users.Max(user => user.Name.Length);
        foreach (UserRecord user in users)
        {
            Console.WriteLine(
                $"{user.Name.PadRight(nameWidth)}  enrolled {TimeFormat.Format(user.EnrolledAt)}  " +
                $"last login {TimeFormat.FormatOrNever(user.LastLoginAt)}");
        }

        return ExitCodes.Success;
    }
}

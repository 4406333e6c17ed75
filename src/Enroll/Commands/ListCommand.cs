using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll list</c>: prints one line per user with an offline seed, an Authy ID or both, sorted by name.
/// </summary>
internal static class ListCommand
{
    public static Command Create(Option<string> configOption)
    {
        var command = new Command(
            "list", "List the users with their enrollment and last login times and their Authy IDs");
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption)));
        return command;
    }

    private static int Run(string configPath)
    {
        using SecretStore store = Installation.OpenStore(Installation.LoadConfig(configPath));
        Dictionary<string, UserRecord> enrolled = store.ListUsers()
            .ToDictionary(user => user.Name, StringComparer.Ordinal);
        Dictionary<string, long> authyIds = store.ListAuthyIds()
            .ToDictionary(entry => entry.Name, entry => entry.AuthyId, StringComparer.Ordinal);
        List<string> names = enrolled.Keys.Union(authyIds.Keys).Order(StringComparer.Ordinal).ToList();
        int nameWidth = names.Count == 0 ? 0 : names.Max(name => name.Length);
        foreach (string name in names)
        {
            string seed = enrolled.TryGetValue(name, out UserRecord? user)
                ? $"enrolled {TimeFormat.Format(user.EnrolledAt)}  " +
                    $"last login {TimeFormat.FormatOrNever(user.LastLoginAt)}"
                : "no offline seed";
            string authyId = authyIds.TryGetValue(name, out long id) ? $"  authy id {id}" : "";
            Console.WriteLine($"{name.PadRight(nameWidth)}  {seed}{authyId}");
        }

        return ExitCodes.Success;
    }
}

using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Totp.Recovery;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll recovery-codes USER</c>: generates new single-use recovery codes, prints them once and
/// stores only their Argon2id hashes, replacing the user's previous codes.
/// </summary>
internal static class RecoveryCodesCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name of an enrolled user" };
        var command = new Command(
            "recovery-codes",
            $"Print {RecoveryCodes.Count} new single-use recovery codes for a user, replacing the previous ones")
        {
            user,
        };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption), parsed.GetRequiredValue(user)));
        return command;
    }

    private static int Run(string configPath, string name)
    {
        string user = UserName.Validate(name);
        using SecretStore store = Installation.OpenStore(Installation.LoadConfig(configPath));
        if (store.FindUser(user) is null && store.FindAuthyId(user) is null)
        {
            throw CliException.Failure(
                $"user '{user}' has no offline seed and no Authy ID; enroll the user first with 'authy-enroll enroll {user}'");
        }

        string[] codes = RecoveryCodes.Generate();
        store.PutRecoveryCodes(user, codes);
        Console.WriteLine($"Recovery codes for '{user}'. Each works once in place of an Authy code; " +
            "they are not shown again:");
        foreach (string code in codes)
        {
            Console.WriteLine(RecoveryCodes.Format(code));
        }

        return ExitCodes.Success;
    }
}

using System.CommandLine;
using System.Security.Cryptography;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Totp.Config;
using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll status USER</c>: prints whether the user is enrolled, the times and the last used step,
/// and the user's Authy ID if there is one. Checks that the stored seed decrypts with the key file. Exits
/// with 1 when the user has neither an offline seed nor an Authy ID.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name to show" };
        var command = new Command(
            "status", "Show a user's enrollment and Authy ID; exit code 1 if the user has neither") { user };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption), parsed.GetRequiredValue(user)));
        return command;
    }

    private static int Run(string configPath, string name)
    {
        string user = UserName.Validate(name);
        AuthyConfig config = Installation.LoadConfig(configPath);
        using SecretStore store = Installation.OpenStore(config);
        UserRecord? record = store.FindUser(user);
        long? authyId = store.FindAuthyId(user);
        Console.WriteLine($"user: {user}");
        if (record is null)
        {
            Console.WriteLine("enrolled: no");
            WriteAuthyId(authyId);
            return authyId is null ? ExitCodes.Failure : ExitCodes.Success;
        }

        Console.WriteLine("enrolled: yes");
        Console.WriteLine($"enrolled at: {TimeFormat.Format(record.EnrolledAt)}");
        Console.WriteLine($"last login: {TimeFormat.FormatOrNever(record.LastLoginAt)}");
        Console.WriteLine($"last used step: {DescribeStep(record.LastStep)}");
        WriteAuthyId(authyId);
        CheckSeed(store, config, record);
        Console.WriteLine($"seed: decrypts with key file {config.KeyFilePath}");
        return ExitCodes.Success;
    }

    /// <summary>Prints the Authy ID line, which is left out for a user without one.</summary>
    private static void WriteAuthyId(long? authyId)
    {
        if (authyId is not null)
        {
            Console.WriteLine($"authy id: {authyId}");
        }
    }

    private static string DescribeStep(long step)
    {
        if (step < 0)
        {
            return "none";
        }

        var start = DateTimeOffset.FromUnixTimeSeconds(step * TotpVerifier.StepSeconds);
        return $"{step} (the 30-second step starting {TimeFormat.Format(start)})";
    }

    /// <exception cref="Authy.Totp.SetupException">The key file does not match, or the row was altered.</exception>
    private static void CheckSeed(SecretStore store, AuthyConfig config, UserRecord record)
    {
        RootAccess.Require(config.KeyFilePath, "key file", write: false);
        CryptographicOperations.ZeroMemory(SeedVault.DecryptSeed(store, config.KeyFilePath, record));
    }
}

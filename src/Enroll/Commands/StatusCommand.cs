using System.CommandLine;
using System.Security.Cryptography;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Totp.Config;
using Authy.Totp.Lockout;
using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll status USER</c>: prints whether the user is enrolled, the times and the last used step,
/// the user's Authy ID if there is one, the unused recovery codes and the lock. Warns when the recent
/// accepted codes show a drifting phone clock. Checks that the stored seed decrypts with the key file.
/// Exits with 1 when the user has neither an offline seed nor an Authy ID.
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
            WriteLoginState(store, config, user);
            return authyId is null ? ExitCodes.Failure : ExitCodes.Success;
        }

        Console.WriteLine("enrolled: yes");
        Console.WriteLine($"enrolled at: {TimeFormat.Format(record.EnrolledAt)}");
        Console.WriteLine($"last login: {TimeFormat.FormatOrNever(record.LastLoginAt)}");
        Console.WriteLine($"last used step: {DescribeStep(record.LastStep)}");
        WriteAuthyId(authyId);
        CheckSeed(store, config, record);
        Console.WriteLine($"seed: decrypts with key file {config.KeyFilePath}");
        WriteLoginState(store, config, user);
        WriteClockDrift(store, config, user);
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

    /// <summary>
    /// Prints the unused recovery codes and the lock or the failures counted so far. Each line is left
    /// out when there is nothing to report, so the output of a user without them stays as it was.
    /// </summary>
    private static void WriteLoginState(SecretStore store, AuthyConfig config, string user)
    {
        int recoveryCodes = store.CountRecoveryCodes(user);
        if (recoveryCodes > 0)
        {
            Console.WriteLine($"recovery codes: {recoveryCodes} unused");
        }

        LockoutState? state = store.FindLockout(user);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (state is null)
        {
            return;
        }

        if (state.IsLockedAt(now))
        {
            Console.WriteLine($"lock: locked until {TimeFormat.Format(state.LockedUntil!.Value)} after " +
                $"{state.Failures} failed logins; 'authy-enroll unlock {user}' lifts it");
        }
        else if (state.LockedUntil is null && now - state.WindowStart < config.Lockout.Window)
        {
            Console.WriteLine($"failed logins: {state.Failures} of {config.Lockout.MaxFailures} counted since " +
                $"{TimeFormat.Format(state.WindowStart)}");
        }
    }

    /// <summary>Warns when the newest accepted codes all matched a step before or after the current one.</summary>
    private static void WriteClockDrift(SecretStore store, AuthyConfig config, string user)
    {
        int drift = ClockDrift.Detect(store.RecentStepOffsets(user));
        if (drift == 0)
        {
            return;
        }

        string direction = drift > 0 ? "ahead of" : "behind";
        Messages.Warning(
            $"the last {ClockDrift.ConsistentCodes} codes of '{user}' matched a step {direction} the server's " +
            $"clock; check the time on the user's phone and on this server, or raise 'window' (now {config.Window}) " +
            "in the config file");
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

using Authy.Totp;
using Authy.Totp.Config;
using Authy.Totp.Lockout;
using Authy.Totp.Logging;
using Authy.Totp.Security;
using Authy.Totp.Store;
using Microsoft.Data.Sqlite;

namespace Authy.Pam;

/// <summary>
/// One login: find the user's factors, ask what the user wants to do, and return the PAM result.
/// </summary>
/// <remarks>
/// A user may have an offline secret, an Authy ID, or both. Six digits are checked offline when there is
/// a secret; "push", "sms" and 7-digit tokens need the Authy API. When the API cannot be reached, the
/// user is asked for the offline code, so an outage never blocks a login that has one.
/// </remarks>
internal sealed class LoginFlow
{
    public const string CodePrompt = "Authy code: ";
    public const string ChoicePrompt = "Authy code, or 'push' or 'sms': ";
    public const string SmsPrompt = "SMS code: ";

    private readonly ModuleChannel channel;
    private readonly LoginContext login;
    private readonly TimeProvider clock;
    private string? databasePath;

    public LoginFlow(ModuleChannel channel, LoginContext login, TimeProvider clock)
    {
        this.channel = channel;
        this.login = login;
        this.clock = clock;
    }

    /// <summary>Runs the login and returns the PAM result. A database error ends it with PAM_AUTHINFO_UNAVAIL.</summary>
    public PamResult Run()
    {
        try
        {
            return RunWithStore();
        }
        catch (SqliteException e) when (databasePath is not null)
        {
            // A busy timeout, a full disk or a damaged page surfaces here, from a query after Open.
            channel.Log(DatabaseFailure.Priority(e), DatabaseFailure.Describe(databasePath, e));
            return PamResult.AuthInfoUnavailable;
        }
    }

    private PamResult RunWithStore()
    {
        AuthyConfig config;
        SecretStore store;
        try
        {
            config = AuthyConfig.Load(login.ConfigPath);
            if (!CheckFiles(config))
            {
                return PamResult.AuthInfoUnavailable;
            }

            databasePath = config.DatabasePath;
            store = SecretStore.Open(config.DatabasePath);
        }
        catch (SetupException e)
        {
            channel.Log(LogPriority.Err, e.Message);
            return PamResult.AuthInfoUnavailable;
        }

        using (store)
        {
            UserRecord? user = store.FindUser(login.User);
            long? authyId = store.FindAuthyId(login.User);
            if (user is null && authyId is null)
            {
                return NotEnrolled();
            }

            using OfflineCheck? offline = user is null ? null : new OfflineCheck(store, config, user);
            using OnlineCheck? online = authyId is null ? null : new OnlineCheck(config, authyId.Value, channel, login, clock);
            var lockout = new LoginLockout(store, login.User, config.Lockout, clock);
            var recovery = new RecoveryCheck(store, login.User);
            return new LoginAttempt(channel, login, clock, config, offline, online, lockout, recovery).Run();
        }
    }

    /// <summary>Logs one line per unsafe file and returns false when there is any (see <see cref="StrictFiles"/>).</summary>
    private bool CheckFiles(AuthyConfig config)
    {
        IReadOnlyList<string> problems = InstallationFiles.FindProblems(login.ConfigPath, config);
        foreach (string problem in problems)
        {
            channel.Log(LogPriority.Err, problem);
        }

        return problems.Count == 0;
    }

    private PamResult NotEnrolled()
    {
        if (login.NullOk)
        {
            if (login.Debug)
            {
                channel.Log(LogPriority.Debug, $"user has no secret and no Authy ID, so nullok skips the code; {login.LogFields}");
            }

            return PamResult.Ignore;
        }

        // The name may be a password typed at the login prompt, so it is logged only with debug.
        string user = login.Debug ? login.User : "(hidden, add debug to log it)";
        channel.Log(LogPriority.Notice, $"authentication failure; user={user} rhost={login.RemoteHostField} " +
            $"service={login.ServiceField} method=totp reason=not-enrolled");
        return PamResult.UserUnknown;
    }
}

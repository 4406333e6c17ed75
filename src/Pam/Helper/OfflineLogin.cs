using System.Security.Cryptography;
using System.Text;
using Authy.Totp;
using Authy.Totp.Config;
using Authy.Totp.Logging;
using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;

namespace Authy.Pam;

/// <summary>
/// Verifies one login with an offline TOTP code: look up the user, ask for the code, check it.
/// </summary>
internal sealed class OfflineLogin
{
    public const string Prompt = "Authy code: ";

    private readonly ModuleChannel channel;
    private readonly LoginContext login;
    private readonly TimeProvider clock;

    public OfflineLogin(ModuleChannel channel, LoginContext login, TimeProvider clock)
    {
        this.channel = channel;
        this.login = login;
        this.clock = clock;
    }

    public PamResult Run()
    {
        AuthyConfig config;
        SecretStore store;
        try
        {
            config = AuthyConfig.Load(login.ConfigPath);
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
            return user is null ? NotEnrolled() : Verify(config, store, user);
        }
    }

    private PamResult NotEnrolled()
    {
        if (login.NullOk)
        {
            Debug("user has no secret; nullok lets the login continue without a code");
            return PamResult.Ignore;
        }

        // The name may be a password typed at the login prompt, so it is logged only with debug.
        string user = login.Debug ? login.User : "(hidden, add debug to log it)";
        channel.Log(LogPriority.Notice, $"authentication failure; user={user} rhost={login.RemoteHost} " +
            $"service={login.Service} method=totp reason=not-enrolled");
        return PamResult.UserUnknown;
    }

    private PamResult Verify(AuthyConfig config, SecretStore store, UserRecord user)
    {
        // Argon2id takes tens of milliseconds; run it while the user reads the prompt and types.
        Task<byte[]> seedTask = Task.Run(() => SeedVault.DecryptSeed(store, config.KeyFilePath, user));
        byte[] seed = [];
        char[] code = [];
        try
        {
            code = AskForCode(out int length);
            if (length < 0)
            {
                Debug("the conversation returned no answer");
                return PamResult.ConversationError;
            }

            seed = WaitForSeed(seedTask, out PamResult failure);
            if (seed.Length == 0)
            {
                return failure;
            }

            var verifier = new TotpVerifier(clock, config.Window);
            var result = CodeCheck.Run(store, user.Name, seed, code.AsSpan(0, length), verifier, clock);
            return Report(result);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            Array.Clear(code);
        }
    }

    /// <summary>Sends the prompt and returns the normalized answer, with length -1 when there is none.</summary>
    private char[] AskForCode(out int length)
    {
        channel.SendText(HelperProtocol.PromptEchoOff, Prompt);
        var frame = channel.Receive();
        if (frame is not { Type: HelperProtocol.Answer } answer)
        {
            length = -1;
            return [];
        }

        char[] decoded = new char[Encoding.UTF8.GetMaxCharCount(answer.Payload.Length)];
        char[] code = new char[decoded.Length];
        try
        {
            int decodedLength = Encoding.UTF8.GetChars(answer.Payload, decoded);
            length = CodeCheck.Normalize(decoded.AsSpan(0, decodedLength), code);
            return code;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(answer.Payload);
            Array.Clear(decoded);
        }
    }

    private byte[] WaitForSeed(Task<byte[]> seedTask, out PamResult failure)
    {
        try
        {
            failure = PamResult.Success;
            return seedTask.GetAwaiter().GetResult();
        }
        catch (SetupException e)
        {
            channel.Log(LogPriority.Err, e.Message);
            failure = PamResult.AuthInfoUnavailable;
            return [];
        }
    }

    private PamResult Report(CodeCheckResult result)
    {
        if (result == CodeCheckResult.Accepted)
        {
            channel.Log(LogPriority.Info, $"authentication success; {login.LogFields} method=totp");
            return PamResult.Success;
        }

        string reason = result switch
        {
            CodeCheckResult.Malformed => "malformed-code",
            CodeCheckResult.Reused => "reused-code",
            _ => "wrong-code",
        };
        if (result == CodeCheckResult.Reused)
        {
            channel.SendText(HelperProtocol.ErrorMessage, "That code was already used. Wait for the next one.");
        }

        channel.Log(LogPriority.Notice, $"authentication failure; {login.LogFields} method=totp reason={reason}");
        return PamResult.AuthError;
    }

    private void Debug(string message)
    {
        if (login.Debug)
        {
            channel.Log(LogPriority.Debug, $"{message}; {login.LogFields}");
        }
    }
}

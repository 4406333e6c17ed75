using Authy.Totp;
using System.Globalization;
using Authy.Totp.Config;
using Authy.Totp.Lockout;
using Authy.Totp.Logging;
using Authy.Totp.Verification;

namespace Authy.Pam;

/// <summary>The prompts and checks of one login for an enrolled user.</summary>
internal sealed class LoginAttempt
{
    private readonly ModuleChannel channel;
    private readonly LoginContext login;
    private readonly TimeProvider clock;
    private readonly AuthyConfig config;
    private readonly OfflineCheck? offline;
    private readonly OnlineCheck? online;
    private readonly LoginLockout lockout;
    private readonly RecoveryCheck recovery;

    /// <summary>The last attempt counted against the lockout in this login.</summary>
    private AttemptClaim claim;

    public LoginAttempt(
        ModuleChannel channel,
        LoginContext login,
        TimeProvider clock,
        AuthyConfig config,
        OfflineCheck? offline,
        OnlineCheck? online,
        LoginLockout lockout,
        RecoveryCheck recovery)
    {
        this.channel = channel;
        this.login = login;
        this.clock = clock;
        this.config = config;
        this.offline = offline;
        this.online = online;
        this.lockout = lockout;
        this.recovery = recovery;
    }

    public PamResult Run()
    {
        if (lockout.LockedUntil() is { } lockedUntil)
        {
            return Locked(lockedUntil);
        }

        offline?.Start();

        string prompt = online is null ? LoginFlow.CodePrompt : LoginFlow.ChoicePrompt;
        using TypedAnswer? first = Ask(prompt);
        if (first is null)
        {
            return PamResult.ConversationError;
        }

        if (first.Kind != AnswerKind.Empty)
        {
            return Dispatch(first);
        }

        if (config.EmptyAnswer == EmptyAnswer.Push && online is not null)
        {
            return TryClaim(out PamResult rejected) ? Online("push", online.Push()) : rejected;
        }

        using TypedAnswer? second = Ask(prompt);
        return second is null ? PamResult.ConversationError : Dispatch(second);
    }

    private PamResult Dispatch(TypedAnswer answer) => TryClaim(out PamResult rejected) ? Check(answer) : rejected;

    private PamResult Check(TypedAnswer answer) => answer.Kind switch
    {
        AnswerKind.RecoveryCode => Recovery(answer),
        AnswerKind.Push when online is not null => Online("push", online.Push()),
        AnswerKind.Sms when online is not null => Sms(online),
        AnswerKind.OfflineCode when offline is not null => Offline(answer),
        AnswerKind.OfflineCode or AnswerKind.AuthyToken when online is not null =>
            Online("authy-token", online.VerifyToken(answer.Text)),
        AnswerKind.Push or AnswerKind.Sms or AnswerKind.AuthyToken => Failure("totp", "no-authy-id"),
        _ => Failure("totp", "malformed-code"),
    };

    private PamResult Offline(TypedAnswer answer)
    {
        CodeCheckResult result;
        try
        {
            result = offline!.Check(answer.Text, clock);
        }
        catch (SetupException e)
        {
            channel.Log(LogPriority.Err, e.Message);
            return PamResult.AuthInfoUnavailable;
        }

        switch (result)
        {
            case CodeCheckResult.Accepted:
                return Success("totp");
            case CodeCheckResult.Reused:
                channel.SendText(HelperProtocol.ErrorMessage, "That code was already used. Wait for the next one.");
                return Failure("totp", "reused-code");
            case CodeCheckResult.Malformed:
                return Failure("totp", "malformed-code");
            default:
                return Failure("totp", "wrong-code");
        }
    }

    private PamResult Recovery(TypedAnswer answer) =>
        recovery.TryUse(answer.Text) ? Success("recovery") : Failure("recovery", "wrong-code");

    private PamResult Sms(OnlineCheck online)
    {
        OnlineOutcome sent = online.RequestSms();
        if (sent != OnlineOutcome.Approved)
        {
            return Online("sms", sent);
        }

        channel.SendText(HelperProtocol.TextInfo, "An SMS code is on its way.");
        using TypedAnswer? code = Ask(LoginFlow.SmsPrompt);
        if (code is null)
        {
            return PamResult.ConversationError;
        }

        return code.Kind is AnswerKind.OfflineCode or AnswerKind.AuthyToken
            ? Online("sms", online.VerifyToken(code.Text))
            : Failure("sms", "malformed-code");
    }

    private PamResult Online(string method, OnlineOutcome outcome)
    {
        switch (outcome)
        {
            case OnlineOutcome.Approved:
                return Success(method);
            case OnlineOutcome.Denied:
                return Failure(method, "push-denied");
            case OnlineOutcome.Rejected:
                return Failure(method, method == "push" ? "api-rejected" : "invalid-token");
            case OnlineOutcome.TimedOut:
                channel.SendText(HelperProtocol.TextInfo, "The push was not approved in time.");
                lockout.Refund();
                return Fallback(apiReachable: true);
            default:
                channel.SendText(HelperProtocol.ErrorMessage, "The Authy service cannot be reached.");
                lockout.Refund();
                return Fallback(apiReachable: false);
        }
    }

    /// <summary>After a push timed out or the API failed: ask for a code, or apply failmode.</summary>
    private PamResult Fallback(bool apiReachable)
    {
        if (offline is null && !apiReachable)
        {
            return FailMode();
        }

        using TypedAnswer? answer = Ask(LoginFlow.CodePrompt);
        if (answer is null)
        {
            return PamResult.ConversationError;
        }

        if (!TryClaim(out PamResult rejected))
        {
            return rejected;
        }

        return answer.Kind switch
        {
            AnswerKind.RecoveryCode => Recovery(answer),
            AnswerKind.OfflineCode when offline is not null => Offline(answer),
            AnswerKind.OfflineCode or AnswerKind.AuthyToken when apiReachable && online is not null =>
                Online("authy-token", online.VerifyToken(answer.Text)),
            _ => Failure("totp", "malformed-code"),
        };
    }

    private PamResult FailMode()
    {
        if (config.FailMode == Totp.Config.FailMode.Safe)
        {
            channel.Log(LogPriority.Warning, $"authentication success; {login.LogFields} method=failmode-safe " +
                "reason=api-unavailable (failmode = safe lets users without an offline secret in while the API is down)");
            return PamResult.Success;
        }

        channel.Log(LogPriority.Notice, $"authentication failure; {login.LogFields} method=authy-token " +
            "reason=api-unavailable (no offline secret, failmode = secure)");
        return PamResult.AuthInfoUnavailable;
    }

    private TypedAnswer? Ask(string prompt)
    {
        channel.SendText(HelperProtocol.PromptEchoOff, prompt);
        var frame = channel.Receive();
        return frame is { Type: HelperProtocol.Answer } answer ? TypedAnswer.FromPayload(answer.Payload) : null;
    }

    /// <summary>
    /// Counts the coming check against the lockout. When the user is locked, sets
    /// <paramref name="rejected"/> to the locked result and returns false, so the typed text is not checked.
    /// </summary>
    private bool TryClaim(out PamResult rejected)
    {
        claim = lockout.Claim();
        rejected = claim.Allowed ? PamResult.Success : Locked(claim.LockedUntil!.Value);
        return claim.Allowed;
    }

    /// <summary>
    /// Rejects a locked user with PAM_MAXTRIES rather than PAM_AUTH_ERR. The message already reveals the
    /// lock, and PAM_MAXTRIES signals the application not to prompt again: OpenSSH's sshd then counts
    /// MaxAuthTries as reached and closes the connection.
    /// </summary>
    /// <remarks>NOTE: the sshd behaviour is not covered by a test here.</remarks>
    private PamResult Locked(DateTimeOffset until)
    {
        channel.SendText(HelperProtocol.ErrorMessage, "Too many failed attempts; try again later.");
        channel.Log(LogPriority.Notice, $"authentication failure; {login.LogFields} method=totp reason=locked " +
            $"until={FormatTime(until)}");
        return PamResult.MaxTries;
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private PamResult Success(string method)
    {
        lockout.Reset();
        channel.Log(LogPriority.Info, $"authentication success; {login.LogFields} method={method}");
        return PamResult.Success;
    }

    private PamResult Failure(string method, string reason)
    {
        channel.Log(LogPriority.Notice, $"authentication failure; {login.LogFields} method={method} reason={reason} " +
            $"failures={claim.Failures}");
        if (claim.LockedUntil is { } until)
        {
            channel.Log(LogPriority.Info, $"user locked out; {login.LogFields} failures={claim.Failures} " +
                $"until={FormatTime(until)}");
        }

        return PamResult.AuthError;
    }
}

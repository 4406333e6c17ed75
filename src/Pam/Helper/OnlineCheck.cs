using Authy.Totp;
using Authy.Totp.Api;
using Authy.Totp.Config;
using Authy.Totp.Logging;

namespace Authy.Pam;

/// <summary>How an online step ended, from the login's point of view.</summary>
internal enum OnlineOutcome
{
    Approved,

    /// <summary>The user denied the push on the phone.</summary>
    Denied,

    /// <summary>The API refused the request: an invalid token, or an Authy ID it does not know.</summary>
    Rejected,

    /// <summary>The API could not be reached or returned a fault, so the login falls back to an offline code.</summary>
    Unavailable,

    /// <summary>A push was not approved within the push timeout, so the login asks for a code instead.</summary>
    TimedOut,
}

/// <summary>
/// Push approvals, SMS codes and online token checks for a user with an Authy ID. Every call is bounded
/// by the API timeout, and a push by the push timeout. Failures are logged here with the failing step.
/// </summary>
internal sealed class OnlineCheck : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly IOnlineFactor? factor;
    private readonly long authyId;
    private readonly AuthyConfig config;
    private readonly ModuleChannel channel;
    private readonly LoginContext login;
    private readonly TimeProvider clock;

    public OnlineCheck(AuthyConfig config, long authyId, ModuleChannel channel, LoginContext login, TimeProvider clock)
    {
        this.config = config;
        this.authyId = authyId;
        this.channel = channel;
        this.login = login;
        this.clock = clock;
        try
        {
            string key = ApiKeyFile.Read(config.ApiKeyFilePath);
            var settings = new AuthyApiSettings(config.ApiUrl, config.ApiTimeout, config.Proxy, config.CaFile);
            factor = new AuthyApiClient(settings, key);
        }
        catch (SetupException e)
        {
            // Without a usable key every online step is unavailable, and offline codes still work.
            channel.Log(LogPriority.Err, e.Message);
        }
    }

    public OnlineOutcome VerifyToken(ReadOnlySpan<char> token)
    {
        // NOTE: the API takes the token in the request URL, so it becomes strings that cannot be zeroed
        // and stay in the heap until the garbage collector reuses the memory.
        string text = new(token);
        return Outcome("token check", cancellation => factor!.VerifyTokenAsync(authyId, text, cancellation));
    }

    public OnlineOutcome RequestSms() =>
        Outcome("SMS request", cancellation => factor!.RequestSmsAsync(authyId, cancellation));

    /// <summary>Sends a push and polls it until it is approved, denied, expired or the push timeout passes.</summary>
    public OnlineOutcome Push()
    {
        var request = new PushRequest($"Log in to {Environment.MachineName} as {login.User}", PushDetails(),
            (int)config.PushTimeout.TotalSeconds);
        ApiResult created = Call(cancellation => factor!.CreatePushAsync(authyId, request, cancellation));
        if (!created.IsAccepted)
        {
            return Report("push request", created) ?? OnlineOutcome.Unavailable;
        }

        channel.SendText(HelperProtocol.TextInfo, $"Approve the login in the Authy app (waiting up to {request.SecondsToExpire} s).");
        DateTimeOffset deadline = clock.GetUtcNow() + config.PushTimeout;
        while (clock.GetUtcNow() < deadline)
        {
            Task.Delay(PollInterval, clock).GetAwaiter().GetResult();
            channel.Send(HelperProtocol.KeepAlive, []);
            ApiResult status = Call(cancellation => factor!.GetPushStatusAsync(created.Value!, cancellation));
            OnlineOutcome? outcome = status.IsAccepted ? PushOutcome(status.Value!) : Report("push status", status);
            if (outcome is not null)
            {
                return outcome.Value;
            }
        }

        return OnlineOutcome.TimedOut;
    }

    public void Dispose() => (factor as IDisposable)?.Dispose();

    private Dictionary<string, string> PushDetails() => new()
    {
        ["Host"] = Environment.MachineName,
        ["Remote address"] = login.RemoteHost.Length == 0 ? "local" : login.RemoteHost,
        ["Service"] = login.Service,
        ["User"] = login.User,
    };

    private static OnlineOutcome? PushOutcome(string status) => status switch
    {
        "approved" => OnlineOutcome.Approved,
        "denied" => OnlineOutcome.Denied,
        "expired" => OnlineOutcome.TimedOut,
        _ => null,
    };

    private OnlineOutcome Outcome(string operation, Func<CancellationToken, Task<ApiResult>> call) =>
        Report(operation, Call(call)) ?? OnlineOutcome.Approved;

    private ApiResult Call(Func<CancellationToken, Task<ApiResult>> call)
    {
        if (factor is null)
        {
            return ApiResult.Unavailable(ApiFailureStep.None, $"no usable API key in {config.ApiKeyFilePath}");
        }

        return call(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Logs a result that is not an acceptance and maps it; returns null for an acceptance.</summary>
    private OnlineOutcome? Report(string operation, ApiResult result)
    {
        switch (result.Outcome)
        {
            case ApiOutcome.Accepted:
                return null;
            case ApiOutcome.Rejected when result.ErrorCode == AuthyErrorCodes.InvalidApiKey:
                // A wrong key breaks the online part for every user, like an outage, so offline codes go on.
                channel.Log(LogPriority.Err, $"Authy API rejected the API key during the {operation}; " +
                    $"{login.LogFields} detail={result.Detail}");
                return OnlineOutcome.Unavailable;
            case ApiOutcome.Rejected:
                channel.Log(LogPriority.Notice, $"Authy API rejected the {operation}; {login.LogFields} detail={result.Detail}");
                return OnlineOutcome.Rejected;
            default:
                string step = result.Step.ToString().ToLowerInvariant();
                channel.Log(LogPriority.Err, $"Authy API unavailable during the {operation}; {login.LogFields} " +
                    $"step={step} detail={result.Detail}");
                return OnlineOutcome.Unavailable;
        }
    }
}

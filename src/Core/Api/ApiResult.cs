namespace Authy.Totp.Api;

/// <summary>Where an API call failed, so that the log separates DNS, network, TLS and server faults.</summary>
public enum ApiFailureStep
{
    None,
    Dns,
    Connect,
    Tls,
    Timeout,
    HttpStatus,
    Body,
}

/// <summary>How an API call ended.</summary>
public enum ApiOutcome
{
    /// <summary>The API accepted the request: token valid, SMS sent, push created or read.</summary>
    Accepted,

    /// <summary>The API responded with a rejection: an invalid token, an unknown user or an invalid key.</summary>
    Rejected,

    /// <summary>The API could not be reached or sent something unreadable: an outage.</summary>
    Unavailable,
}

/// <summary>
/// The result of one Authy API call. <see cref="Detail"/> is for the log and names the failing step;
/// it never contains the API key or a token.
/// </summary>
public sealed record ApiResult(
    ApiOutcome Outcome,
    ApiFailureStep Step,
    int HttpStatus,
    string? ErrorCode,
    string Detail,
    string? Value = null)
{
    public bool IsAccepted => Outcome == ApiOutcome.Accepted;

    public static ApiResult Accepted(int status, string? value = null) =>
        new(ApiOutcome.Accepted, ApiFailureStep.None, status, null, "ok", value);

    public static ApiResult Unavailable(ApiFailureStep step, string detail, int status = 0) =>
        new(ApiOutcome.Unavailable, step, status, null, detail);
}

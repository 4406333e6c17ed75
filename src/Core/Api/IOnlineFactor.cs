namespace Authy.Totp.Api;

/// <summary>
/// A second factor checked through a network service: an approval push, an SMS code, or a token only
/// the service can verify. <see cref="AuthyApiClient"/> implements it for the Authy API; a Twilio
/// Verify v2 backend would implement the same calls.
/// </summary>
public interface IOnlineFactor
{
    /// <summary>Checks that the API key is valid.</summary>
    Task<ApiResult> CheckKeyAsync(CancellationToken cancellation);

    /// <summary>Asks the service to send the user a code by SMS.</summary>
    Task<ApiResult> RequestSmsAsync(long authyId, CancellationToken cancellation);

    /// <summary>Verifies a token typed by the user: an SMS code or a 7-digit Authy token.</summary>
    Task<ApiResult> VerifyTokenAsync(long authyId, string token, CancellationToken cancellation);

    /// <summary>Creates an approval request on the user's phone; <see cref="ApiResult.Value"/> is its id.</summary>
    Task<ApiResult> CreatePushAsync(long authyId, PushRequest request, CancellationToken cancellation);

    /// <summary>Reads an approval request; <see cref="ApiResult.Value"/> is pending, approved, denied or expired.</summary>
    Task<ApiResult> GetPushStatusAsync(string id, CancellationToken cancellation);
}

/// <summary>What the phone shows for an approval request.</summary>
/// <param name="Details">Name and value pairs listed under the message (host, remote address, service).</param>
/// <param name="SecondsToExpire">Lifetime of the request on the phone.</param>
public sealed record PushRequest(string Message, IReadOnlyDictionary<string, string> Details, int SecondsToExpire);

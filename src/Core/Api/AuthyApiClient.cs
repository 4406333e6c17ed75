using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Authy.Totp.Api;

/// <summary>
/// Client of the legacy Authy REST API (<c>X-Authy-API-Key</c> header) for SMS codes, token
/// verification and OneTouch approval requests.
/// </summary>
/// <remarks>
/// Every call ends within <see cref="AuthyApiSettings.Timeout"/> and never throws for network or server
/// faults: those return <see cref="ApiOutcome.Unavailable"/> with the failing step. Responses are read
/// as JSON whatever their content type, because the API has sent JSON labelled text/html.
/// </remarks>
public sealed class AuthyApiClient : IOnlineFactor, IDisposable
{
    private const int MaxBodyBytes = 64 * 1024;

    private readonly HttpClient http;

    public AuthyApiClient(AuthyApiSettings settings, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        http = new HttpClient(CreateHandler(settings))
        {
            BaseAddress = new Uri(settings.BaseUri.ToString().TrimEnd('/') + "/"),
            Timeout = settings.Timeout,
        };
        http.DefaultRequestHeaders.Add("X-Authy-API-Key", apiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pam_authy", "1"));
    }

    public Task<ApiResult> CheckKeyAsync(CancellationToken cancellation) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "protected/json/app/details"), "API key check", ReadSuccess, cancellation);

    public Task<ApiResult> RequestSmsAsync(long authyId, CancellationToken cancellation) =>
        SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"protected/json/sms/{authyId}?force=true"),
            $"SMS request for Authy ID {authyId}",
            ReadSuccess,
            cancellation);

    public Task<ApiResult> VerifyTokenAsync(long authyId, string token, CancellationToken cancellation)
    {
        string path = $"protected/json/verify/{Uri.EscapeDataString(token)}/{authyId}?force=true";
        return SendAsync(
            new HttpRequestMessage(HttpMethod.Get, path), $"token check for Authy ID {authyId}", ReadVerification, cancellation);
    }

    public Task<ApiResult> CreatePushAsync(long authyId, PushRequest request, CancellationToken cancellation)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("message", request.Message),
            new("seconds_to_expire", request.SecondsToExpire.ToString()),
        };
        fields.AddRange(request.Details.Select(pair => new KeyValuePair<string, string>($"details[{pair.Key}]", pair.Value)));
        var message = new HttpRequestMessage(HttpMethod.Post, $"onetouch/json/users/{authyId}/approval_requests")
        {
            Content = new FormUrlEncodedContent(fields),
        };
        return SendAsync(
            message, $"push for Authy ID {authyId}", response => ReadApproval(response, body => body.Uuid), cancellation);
    }

    public Task<ApiResult> GetPushStatusAsync(string id, CancellationToken cancellation)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, $"onetouch/json/approval_requests/{Uri.EscapeDataString(id)}");
        return SendAsync(message, $"push status {id}", response => ReadApproval(response, body => body.Status), cancellation);
    }

    public void Dispose() => http.Dispose();

    private static SocketsHttpHandler CreateHandler(AuthyApiSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.Timeout,
            AllowAutoRedirect = false,
            UseProxy = settings.Proxy is not null,
            Proxy = settings.Proxy is null ? null : new WebProxy(settings.Proxy),
            UseCookies = false,
        };
        if (settings.CaFile is not null)
        {
            X509Certificate2Collection roots = LoadRoots(settings.CaFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateWithRoots(certificate, errors, roots);
        }

        return handler;
    }

    /// <exception cref="SetupException">The file is missing, unreadable or contains no PEM certificate.</exception>
    private static X509Certificate2Collection LoadRoots(string caFile)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SetupException($"ca_file {caFile} could not be read: {e.Message}; fix the path in the config file");
        }

        if (roots.Count == 0)
        {
            throw new SetupException(
                $"ca_file {caFile} contains no PEM certificate; put the API's root certificate there in PEM form");
        }

        return roots;
    }

    private static bool ValidateWithRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    /// <summary>
    /// Sends one request and interprets the response. <paramref name="operation"/> names the call in
    /// log details in place of the URL, which can contain a token.
    /// </summary>
    private async Task<ApiResult> SendAsync(
        HttpRequestMessage request, string operation, Func<ApiResponse, ApiResult> interpret, CancellationToken cancellation)
    {
        using (request)
        {
            ApiResponse response;
            try
            {
                response = await ReceiveAsync(request, operation, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                return ApiResult.Unavailable(StepOf(e), $"{operation}: {Describe(e)}");
            }
            catch (AuthenticationException e)
            {
                return ApiResult.Unavailable(ApiFailureStep.Tls, $"{operation}: {e.Message}");
            }
            catch (IOException e)
            {
                // The body is read after SendAsync returns, and a connection that ends or fails in the middle of
                // it raises HttpIOException, which is an IOException and not an HttpRequestException.
                return ApiResult.Unavailable(
                    ApiFailureStep.Body, $"{operation}: reading the response failed: {e.Message}");
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return ApiResult.Unavailable(
                    ApiFailureStep.Timeout, $"{operation}: no response within {http.Timeout.TotalSeconds:0.#} s");
            }

            return Classify(response, interpret);
        }
    }

    private async Task<ApiResponse> ReceiveAsync(HttpRequestMessage request, string operation, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(http.Timeout);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            .ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        byte[] buffer = new byte[MaxBodyBytes];
        int length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return new ApiResponse(operation, (int)response.StatusCode, Parse(buffer.AsSpan(0, length)));
    }

    private static AuthyApiResponse? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AuthyApiJsonContext.Default.AuthyApiResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ApiResult Classify(ApiResponse response, Func<ApiResponse, ApiResult> interpret)
    {
        int status = response.Status;
        if (status == 429 || status >= 500)
        {
            return ApiResult.Unavailable(ApiFailureStep.HttpStatus, $"{response.Operation}: HTTP {status}", status);
        }

        if (response.Body is null)
        {
            return ApiResult.Unavailable(ApiFailureStep.Body, $"{response.Operation}: HTTP {status} with a body that is not JSON", status);
        }

        if (status is >= 200 and < 300)
        {
            return interpret(response);
        }

        return Rejected(response);
    }

    private static ApiResult ReadSuccess(ApiResponse response) =>
        response.Body!.Success ? ApiResult.Accepted(response.Status) : Rejected(response);

    /// <summary>A token is valid only on HTTP 200 with <c>"token": "is valid"</c>, whatever the value of <c>success</c>.</summary>
    private static ApiResult ReadVerification(ApiResponse response) =>
        response.Status == 200 && response.Body!.Token == "is valid" ? ApiResult.Accepted(response.Status) : Rejected(response);

    private static ApiResult ReadApproval(ApiResponse response, Func<ApprovalRequestBody, string?> field)
    {
        string? value = response.Body!.ApprovalRequest is { } body ? field(body) : null;
        if (!response.Body.Success || string.IsNullOrEmpty(value))
        {
            return value is null && response.Body.Success
                ? ApiResult.Unavailable(ApiFailureStep.Body, $"{response.Operation}: response has no approval_request", response.Status)
                : Rejected(response);
        }

        return ApiResult.Accepted(response.Status, value);
    }

    private static ApiResult Rejected(ApiResponse response)
    {
        string? code = response.Body?.ErrorCode;
        string reason = AuthyErrorCodes.Describe(code, response.Body?.Message);
        return new ApiResult(ApiOutcome.Rejected, ApiFailureStep.None, response.Status, code,
            $"{response.Operation}: HTTP {response.Status}, {reason}");
    }

    // NOTE: no test covers NameResolutionError, because any lookup would leave the machine through its
    // resolver and tests send traffic only to 127.0.0.1.
    private static ApiFailureStep StepOf(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => ApiFailureStep.Dns,
        HttpRequestError.SecureConnectionError => ApiFailureStep.Tls,
        HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded => ApiFailureStep.Body,
        _ => e.InnerException is AuthenticationException ? ApiFailureStep.Tls : ApiFailureStep.Connect,
    };

    private static string Describe(HttpRequestException e) =>
        e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;

    private sealed record ApiResponse(string Operation, int Status, AuthyApiResponse? Body);
}

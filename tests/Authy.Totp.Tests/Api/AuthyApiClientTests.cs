using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Authy.Totp.Api;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Api;

/// <summary>Drives a real <see cref="AuthyApiClient"/> over HTTP against <see cref="FakeAuthyApi"/>.</summary>
public sealed class AuthyApiClientTests : IDisposable
{
    private const long AuthyId = 1001;
    private const long UnknownAuthyId = 9009;

    // Seven digits, so that neither can appear by chance in a detail that names a port or an Authy ID.
    private const string ValidToken = "8642097";
    private const string WrongToken = "3197530";

    private const string WrongApiKey = "wrong-api-key-d05b2a";

    private static readonly TimeSpan NormalTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    // A 1 s timeout ends a call long before this bound, which leaves a margin for a slow, loaded test machine.
    private static readonly TimeSpan ReturnBound = TimeSpan.FromSeconds(10);

    private static readonly PushRequest Push = new(
        "Login to web1 as alice",
        new Dictionary<string, string>
        {
            ["Host"] = "web1.example.org",
            ["Remote address"] = "192.0.2.7",
            ["Service"] = "sshd",
        },
        SecondsToExpire: 90);

    private readonly FakeAuthyApi api = new();
    private readonly FakeAuthyUser user;

    public AuthyApiClientTests()
    {
        user = api.AddUser(AuthyId, ValidToken);
    }

    /// <summary>The five calls of <see cref="IOnlineFactor"/>, for theories that run a case through each.</summary>
    public enum Call
    {
        CheckKey,
        RequestSms,
        VerifyToken,
        CreatePush,
        GetPushStatus,
    }

    public static TheoryData<Call> AllCalls => new(Enum.GetValues<Call>());

    public static TheoryData<FakeApiFault, int, Call> HttpStatusFaults
    {
        get
        {
            var cases = new TheoryData<FakeApiFault, int, Call>();
            foreach (Call call in Enum.GetValues<Call>())
            {
                cases.Add(FakeApiFault.RateLimited, 429, call);
                cases.Add(FakeApiFault.ServiceUnavailable, 503, call);
            }

            return cases;
        }
    }

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task CheckKey_ValidKey_Accepted()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        AssertAccepted(result);
        RecordedRequest request = Assert.Single(api.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/protected/json/app/details", request.Path);
        Assert.Equal(api.ApiKey, request.Headers["X-Authy-API-Key"]);
    }

    [Fact]
    public async Task CheckKey_InvalidKey_RejectedWith60001()
    {
        using var client = CreateClient(api.BaseUri, apiKey: WrongApiKey);

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal(AuthyErrorCodes.InvalidApiKey, result.ErrorCode);
        Assert.Contains("60001", result.Detail);
        Assert.Contains("invalid API key", result.Detail);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task RequestSms_KnownUser_Accepted()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.RequestSmsAsync(AuthyId, CancellationToken.None);

        AssertAccepted(result);
        RecordedRequest request = Assert.Single(api.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/protected/json/sms/{AuthyId}", request.Path);
        Assert.Equal("true", request.Query["force"]);
    }

    [Fact]
    public async Task RequestSms_UnknownUser_RejectedWith60026()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.RequestSmsAsync(UnknownAuthyId, CancellationToken.None);

        AssertUserNotFound(result);
    }

    [Fact]
    public async Task VerifyToken_ValidToken_Accepted()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.VerifyTokenAsync(AuthyId, ValidToken, CancellationToken.None);

        AssertAccepted(result);
        RecordedRequest request = Assert.Single(api.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/protected/json/verify/{ValidToken}/{AuthyId}", request.Path);
        Assert.Equal("true", request.Query["force"]);
    }

    [Fact]
    public async Task VerifyToken_SmsCodeAddedLater_Accepted()
    {
        using var client = CreateClient(api.BaseUri);
        user.ValidTokens.Add("1234567");

        ApiResult result = await client.VerifyTokenAsync(AuthyId, "1234567", CancellationToken.None);

        AssertAccepted(result);
    }

    [Fact]
    public async Task VerifyToken_WrongToken_RejectedWith60020()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.VerifyTokenAsync(AuthyId, WrongToken, CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal(AuthyErrorCodes.TokenInvalid, result.ErrorCode);
        Assert.Contains("60020", result.Detail);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task VerifyToken_UnknownUser_RejectedWith60026()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.VerifyTokenAsync(UnknownAuthyId, ValidToken, CancellationToken.None);

        AssertUserNotFound(result);
    }

    [Fact]
    public async Task VerifyToken_IsValidWithStatus401_NotAccepted()
    {
        using var client = CreateClient(api.BaseUri);
        api.FixedResponse = FakeResponse.Json(401, """{"token":"is valid","success":true}""");

        ApiResult result = await client.VerifyTokenAsync(AuthyId, ValidToken, CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(401, result.HttpStatus);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task VerifyToken_IsNotValidWithStatus200_NotAccepted()
    {
        using var client = CreateClient(api.BaseUri);
        api.FixedResponse = FakeResponse.Json(200, """{"token":"is not valid","success":true}""");

        ApiResult result = await client.VerifyTokenAsync(AuthyId, ValidToken, CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(200, result.HttpStatus);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task VerifyToken_SuccessTrueWithoutToken_NotAccepted()
    {
        using var client = CreateClient(api.BaseUri);
        api.FixedResponse = FakeResponse.Json(200, """{"message":"ok","success":true}""");

        ApiResult result = await client.VerifyTokenAsync(AuthyId, ValidToken, CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        AssertNoSecret(result);
    }

    [Theory]
    [MemberData(nameof(AllCalls))]
    public async Task Call_SuccessAsString_Accepted(Call call)
    {
        using var client = CreateClient(api.BaseUri);
        string pushId = await CreatePushIdAsync(client);
        api.Fault = FakeApiFault.SuccessAsString;

        ApiResult result = await InvokeAsync(client, call, pushId);

        AssertAccepted(result);
    }

    [Fact]
    public async Task CheckKey_SuccessFalseAsString_Rejected()
    {
        using var client = CreateClient(api.BaseUri);
        api.FixedResponse = FakeResponse.Json(200, """{"message":"Application disabled","success":"false"}""");

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Contains("Application disabled", result.Detail);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task VerifyToken_WrongTokenSuccessAsString_Rejected()
    {
        using var client = CreateClient(api.BaseUri);
        api.Fault = FakeApiFault.SuccessAsString;

        ApiResult result = await client.VerifyTokenAsync(AuthyId, WrongToken, CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(AuthyErrorCodes.TokenInvalid, result.ErrorCode);
        AssertNoSecret(result);
    }

    [Theory]
    [MemberData(nameof(AllCalls))]
    public async Task Call_JsonAsHtml_Accepted(Call call)
    {
        using var client = CreateClient(api.BaseUri);
        string pushId = await CreatePushIdAsync(client);
        api.Fault = FakeApiFault.JsonAsHtml;

        ApiResult result = await InvokeAsync(client, call, pushId);

        AssertAccepted(result);
    }

    [Fact]
    public async Task VerifyToken_WrongTokenAsHtml_RejectedWith60020()
    {
        using var client = CreateClient(api.BaseUri);
        api.Fault = FakeApiFault.JsonAsHtml;

        ApiResult result = await client.VerifyTokenAsync(AuthyId, WrongToken, CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(AuthyErrorCodes.TokenInvalid, result.ErrorCode);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task CreatePush_KnownUser_ReturnsUuidAndSendsFields()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.CreatePushAsync(AuthyId, Push, CancellationToken.None);

        AssertAccepted(result);
        Assert.True(Guid.TryParse(result.Value, out _), $"'{result.Value}' is not a UUID");
        RecordedRequest request = Assert.Single(api.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/onetouch/json/users/{AuthyId}/approval_requests", request.Path);
        Assert.Equal(api.ApiKey, request.Headers["X-Authy-API-Key"]);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"]);
        Assert.Equal("Login to web1 as alice", request.Form["message"]);
        Assert.Equal("90", request.Form["seconds_to_expire"]);
        Assert.Equal("web1.example.org", request.Form["details[Host]"]);
        Assert.Equal("192.0.2.7", request.Form["details[Remote address]"]);
        Assert.Equal("sshd", request.Form["details[Service]"]);
        Assert.Equal(5, request.Form.Count);
    }

    [Fact]
    public async Task CreatePush_UnknownUser_RejectedWith60026()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.CreatePushAsync(UnknownAuthyId, Push, CancellationToken.None);

        AssertUserNotFound(result);
    }

    [Fact]
    public async Task CreatePush_SuccessWithoutApprovalRequest_UnavailableBody()
    {
        using var client = CreateClient(api.BaseUri);
        api.FixedResponse = FakeResponse.Json(200, """{"success":true}""");

        ApiResult result = await client.CreatePushAsync(AuthyId, Push, CancellationToken.None);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Body, result.Step);
        AssertNoSecret(result);
    }

    [Theory]
    [InlineData(FakePushOutcome.Approved, "approved")]
    [InlineData(FakePushOutcome.Denied, "denied")]
    [InlineData(FakePushOutcome.Expired, "expired")]
    public async Task GetPushStatus_FinalOutcome_ReadBack(FakePushOutcome outcome, string expected)
    {
        using var client = CreateClient(api.BaseUri);
        user.PushOutcome = outcome;
        string pushId = await CreatePushIdAsync(client);

        ApiResult result = await client.GetPushStatusAsync(pushId, CancellationToken.None);

        AssertAccepted(result);
        Assert.Equal(expected, result.Value);
        RecordedRequest request = api.Requests[^1];
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/onetouch/json/approval_requests/{pushId}", request.Path);
    }

    [Fact]
    public async Task GetPushStatus_Pending_StaysPending()
    {
        using var client = CreateClient(api.BaseUri);
        user.PushOutcome = FakePushOutcome.Pending;
        string pushId = await CreatePushIdAsync(client);

        for (int poll = 1; poll <= 5; poll++)
        {
            ApiResult result = await client.GetPushStatusAsync(pushId, CancellationToken.None);

            AssertAccepted(result);
            Assert.Equal("pending", result.Value);
        }
    }

    [Fact]
    public async Task GetPushStatus_TwoPendingPolls_ThenApproved()
    {
        using var client = CreateClient(api.BaseUri);
        user.PendingPolls = 2;
        string pushId = await CreatePushIdAsync(client);

        var statuses = new List<string?>();
        for (int poll = 0; poll < 4; poll++)
        {
            ApiResult result = await client.GetPushStatusAsync(pushId, CancellationToken.None);
            AssertAccepted(result);
            statuses.Add(result.Value);
        }

        Assert.Equal(new[] { "pending", "pending", "approved", "approved" }, statuses);
    }

    [Fact]
    public async Task GetPushStatus_UnknownId_Rejected()
    {
        using var client = CreateClient(api.BaseUri);

        ApiResult result = await client.GetPushStatusAsync(Guid.NewGuid().ToString("D"), CancellationToken.None);

        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(404, result.HttpStatus);
        AssertNoSecret(result);
    }

    [Theory]
    [MemberData(nameof(HttpStatusFaults))]
    public async Task Call_RateLimitedOrOutage_UnavailableHttpStatus(FakeApiFault fault, int status, Call call)
    {
        using var client = CreateClient(api.BaseUri);
        string pushId = await CreatePushIdAsync(client);
        api.Fault = fault;

        ApiResult result = await InvokeAsync(client, call, pushId);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.HttpStatus, result.Step);
        Assert.Equal(status, result.HttpStatus);
        Assert.Contains($"HTTP {status}", result.Detail);
        AssertNoSecret(result);
    }

    [Theory]
    [MemberData(nameof(AllCalls))]
    public async Task Call_NotJson_UnavailableBody(Call call)
    {
        using var client = CreateClient(api.BaseUri);
        string pushId = await CreatePushIdAsync(client);
        api.Fault = FakeApiFault.NotJson;

        ApiResult result = await InvokeAsync(client, call, pushId);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Body, result.Step);
        Assert.Equal(200, result.HttpStatus);
        AssertNoSecret(result);
    }

    [Theory]
    [MemberData(nameof(AllCalls))]
    public async Task Call_TruncatedBody_UnavailableBody(Call call)
    {
        using var client = CreateClient(api.BaseUri);
        string pushId = await CreatePushIdAsync(client);
        api.Fault = FakeApiFault.TruncatedBody;

        ApiResult result = await InvokeAsync(client, call, pushId);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Body, result.Step);
        AssertNoSecret(result);
    }

    [Theory]
    [MemberData(nameof(AllCalls))]
    public async Task Call_ServerHangs_UnavailableTimeout(Call call)
    {
        using var client = CreateClient(api.BaseUri, ShortTimeout);
        string pushId = await CreatePushIdAsync(client);
        api.Fault = FakeApiFault.Hang;

        var clock = Stopwatch.StartNew();
        ApiResult result = await InvokeAsync(client, call, pushId);
        TimeSpan elapsed = clock.Elapsed;

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Timeout, result.Step);
        Assert.True(elapsed < ReturnBound, $"the call returned after {elapsed}");
        Assert.Equal(2, api.Requests.Count);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task Dispose_HungRequest_ReturnsPromptly()
    {
        using var client = CreateClient(api.BaseUri, NormalTimeout);
        api.Fault = FakeApiFault.Hang;
        Task<ApiResult> call = client.CheckKeyAsync(CancellationToken.None);
        await WaitForRequestAsync();

        var clock = Stopwatch.StartNew();
        api.Dispose();
        TimeSpan elapsed = clock.Elapsed;

        Assert.True(elapsed < ReturnBound, $"Dispose returned after {elapsed}");
        ApiResult result = await call;
        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task CheckKey_ClosedPort_UnavailableConnect()
    {
        var closed = new Uri($"http://127.0.0.1:{FakeAuthyApi.FindClosedPort()}/");
        using var client = CreateClient(closed);

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Connect, result.Step);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task VerifyToken_BlackHole_UnavailableTimeout()
    {
        using var blackHole = new BlackHoleServer();
        using var client = CreateClient(blackHole.BaseUri, ShortTimeout);

        var clock = Stopwatch.StartNew();
        ApiResult result = await client.VerifyTokenAsync(AuthyId, ValidToken, CancellationToken.None);
        TimeSpan elapsed = clock.Elapsed;

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Timeout, result.Step);
        Assert.True(elapsed < ReturnBound, $"the call returned after {elapsed}");
        Assert.Equal(1, blackHole.AcceptedCount);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task CheckKey_BlackHoleHttps_UnavailableTimeout()
    {
        // The TLS handshake waits for a server hello that never comes.
        using var blackHole = new BlackHoleServer();
        var httpsUri = new UriBuilder(blackHole.BaseUri) { Scheme = Uri.UriSchemeHttps }.Uri;
        using var client = CreateClient(httpsUri, ShortTimeout);

        var clock = Stopwatch.StartNew();
        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);
        TimeSpan elapsed = clock.Elapsed;

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Timeout, result.Step);
        Assert.True(elapsed < ReturnBound, $"the call returned after {elapsed}");
        AssertNoSecret(result);
    }

    [Fact]
    public async Task CheckKey_SelfSignedWithoutCaFile_UnavailableTls()
    {
        using X509Certificate2 certificate = CreateServerCertificate();
        using var tlsApi = new FakeAuthyApi(certificate: certificate);
        using var client = CreateClient(tlsApi.BaseUri);

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Tls, result.Step);
        Assert.Empty(tlsApi.Requests);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task CheckKey_SelfSignedWithCaFile_Accepted()
    {
        using X509Certificate2 certificate = CreateServerCertificate();
        using var directory = new TempDirectory();
        using var tlsApi = new FakeAuthyApi(certificate: certificate);
        using var client = CreateClient(tlsApi.BaseUri, caFile: WritePem(directory, certificate));

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        AssertAccepted(result);
        RecordedRequest request = Assert.Single(tlsApi.Requests);
        Assert.Equal(tlsApi.ApiKey, request.Headers["X-Authy-API-Key"]);
    }

    [Fact]
    public async Task CheckKey_CaFileOtherCertificate_UnavailableTls()
    {
        using X509Certificate2 certificate = CreateServerCertificate();
        using X509Certificate2 otherCertificate = CreateServerCertificate();
        using var directory = new TempDirectory();
        using var tlsApi = new FakeAuthyApi(certificate: certificate);
        using var client = CreateClient(tlsApi.BaseUri, caFile: WritePem(directory, otherCertificate));

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Tls, result.Step);
        Assert.Empty(tlsApi.Requests);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task CheckKey_CaFileWrongAddress_UnavailableTls()
    {
        // The certificate is trusted through ca_file but names 192.0.2.1, so the host name check must still fail.
        using X509Certificate2 certificate = CreateServerCertificate(IPAddress.Parse("192.0.2.1"));
        using var directory = new TempDirectory();
        using var tlsApi = new FakeAuthyApi(certificate: certificate);
        using var client = CreateClient(tlsApi.BaseUri, caFile: WritePem(directory, certificate));

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Tls, result.Step);
        Assert.Empty(tlsApi.Requests);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task CheckKey_CaFileExpired_UnavailableTls()
    {
        using X509Certificate2 certificate = CreateServerCertificate(expired: true);
        using var directory = new TempDirectory();
        using var tlsApi = new FakeAuthyApi(certificate: certificate);
        using var client = CreateClient(tlsApi.BaseUri, caFile: WritePem(directory, certificate));

        ApiResult result = await client.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.Unavailable, result.Outcome);
        Assert.Equal(ApiFailureStep.Tls, result.Step);
        Assert.Empty(tlsApi.Requests);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task VerifyToken_Proxy_SendsApiHostToProxy()
    {
        // The fake acts as the proxy. The API host is never resolved, because a client hands the whole URL to an
        // HTTP proxy, so the name under .invalid reaches no resolver.
        using var client = CreateClient(new Uri("http://authy-api.invalid/"), proxy: api.BaseUri);

        ApiResult result = await client.VerifyTokenAsync(AuthyId, ValidToken, CancellationToken.None);

        AssertAccepted(result);
        RecordedRequest request = Assert.Single(api.Requests);
        Assert.Equal("authy-api.invalid", request.Headers["Host"]);
        Assert.Equal($"/protected/json/verify/{ValidToken}/{AuthyId}", request.Path);
        Assert.Equal("true", request.Query["force"]);
    }

    private AuthyApiClient CreateClient(
        Uri baseUri, TimeSpan? timeout = null, string? apiKey = null, string? caFile = null, Uri? proxy = null)
    {
        var settings = new AuthyApiSettings(baseUri, timeout ?? NormalTimeout, proxy, caFile);
        return new AuthyApiClient(settings, apiKey ?? api.ApiKey);
    }

    private static async Task<string> CreatePushIdAsync(AuthyApiClient client)
    {
        ApiResult result = await client.CreatePushAsync(AuthyId, Push, CancellationToken.None);
        AssertAccepted(result);
        return result.Value!;
    }

    private static async Task<ApiResult> InvokeAsync(AuthyApiClient client, Call call, string pushId)
    {
        CancellationToken none = CancellationToken.None;
        return call switch
        {
            Call.CheckKey => await client.CheckKeyAsync(none),
            Call.RequestSms => await client.RequestSmsAsync(AuthyId, none),
            Call.VerifyToken => await client.VerifyTokenAsync(AuthyId, ValidToken, none),
            Call.CreatePush => await client.CreatePushAsync(AuthyId, Push, none),
            Call.GetPushStatus => await client.GetPushStatusAsync(pushId, none),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "no such call"),
        };
    }

    private async Task WaitForRequestAsync()
    {
        var clock = Stopwatch.StartNew();
        while (api.Requests.Count == 0)
        {
            Assert.True(clock.Elapsed < ReturnBound, "the fake received no request");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Creates a self-signed server certificate with its private key for <paramref name="address"/>, by default
    /// 127.0.0.1, valid from yesterday to tomorrow unless <paramref name="expired"/>.
    /// </summary>
    private static X509Certificate2 CreateServerCertificate(IPAddress? address = null, bool expired = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pam_authy test server", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(address ?? IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var serverAuthentication = new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication");
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([serverAuthentication], critical: false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return expired
            ? request.CreateSelfSigned(now.AddDays(-3), now.AddDays(-1))
            : request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }

    /// <summary>Writes the certificate as PEM, the format of the ca_file setting, and returns the path.</summary>
    private static string WritePem(TempDirectory directory, X509Certificate2 certificate)
    {
        string path = directory.File("ca.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static void AssertAccepted(ApiResult result)
    {
        Assert.True(result.IsAccepted, $"expected Accepted, got {result.Outcome} at {result.Step}: {result.Detail}");
        Assert.Equal(ApiFailureStep.None, result.Step);
        AssertNoSecret(result);
    }

    private static void AssertUserNotFound(ApiResult result)
    {
        Assert.Equal(ApiOutcome.Rejected, result.Outcome);
        Assert.Equal(404, result.HttpStatus);
        Assert.Equal(AuthyErrorCodes.UserNotFound, result.ErrorCode);
        Assert.Contains("60026", result.Detail);
        AssertNoSecret(result);
    }

    /// <summary>Checks that the detail, which goes to the log, contains no API key and no token used here.</summary>
    private static void AssertNoSecret(ApiResult result)
    {
        Assert.DoesNotContain(FakeAuthyApi.DefaultApiKey, result.Detail);
        Assert.DoesNotContain(WrongApiKey, result.Detail);
        Assert.DoesNotContain(ValidToken, result.Detail);
        Assert.DoesNotContain(WrongToken, result.Detail);
        Assert.DoesNotContain("1234567", result.Detail);
    }
}

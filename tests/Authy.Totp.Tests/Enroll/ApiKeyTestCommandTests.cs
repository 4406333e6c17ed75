using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Enroll;

/// <summary>The api-key test command against <see cref="FakeAuthyApi"/> on 127.0.0.1.</summary>
public sealed class ApiKeyTestCommandTests : IDisposable
{
    private const string WrongApiKey = "wrong-api-key-64e0c9";
    private const UnixFileMode OwnerReadWrite = SandboxOnlineSettings.OwnerReadWrite;

    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();
    private readonly FakeAuthyApi api;
    private readonly string keyFile;

    public ApiKeyTestCommandTests()
    {
        keyFile = sandbox.ApiKeyFilePath();
        try
        {
            api = new FakeAuthyApi();
        }
        catch
        {
            // xunit does not dispose a test class whose constructor throws.
            sandbox.Dispose();
            throw;
        }
    }

    [Fact]
    public void ValidKeyPrintsOk()
    {
        sandbox.AddApiSettings(api.BaseUri);
        WriteKey(api.ApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"OK: the Authy API at {api.BaseUri} accepted the API key in {keyFile}.\n", result.Output);
        Assert.Equal("", result.Error);
        RecordedRequest request = Assert.Single(api.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/protected/json/app/details", request.Path);
        Assert.Equal(api.ApiKey, request.Headers["X-Authy-API-Key"]);
        AssertKeyNotPrinted(result, api.ApiKey);
    }

    [Fact]
    public void WrongKeyReports60001()
    {
        sandbox.AddApiSettings(api.BaseUri);
        WriteKey(WrongApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        string error = Assert.Single(result.ErrorLines);
        Assert.Equal(
            $"authy-enroll: the Authy API at {api.BaseUri} rejected the API key in {keyFile} with error 60001, " +
            $"invalid API key; write the API key of your Authy application, from the Twilio Console, into {keyFile}",
            error);
        Assert.Single(api.Requests);
        AssertKeyNotPrinted(result, WrongApiKey);
    }

    [Fact]
    public void ClosedPortReportsConnect()
    {
        int port = FakeAuthyApi.FindClosedPort();
        sandbox.AddApiSettings(new Uri($"http://127.0.0.1:{port}/"));
        WriteKey(api.ApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith(
            $"authy-enroll: the API key check against http://127.0.0.1:{port}/ failed at the connect step: ", error);
        Assert.EndsWith("and that a firewall allows connections to the API", error);
        AssertKeyNotPrinted(result, api.ApiKey);
    }

    [Fact]
    public void ReadableKeyFileSendsNothing()
    {
        sandbox.AddApiSettings(api.BaseUri);
        WriteKey(api.ApiKey, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains($"API key file {keyFile} has owner uid 0 and mode 0644", error);
        Assert.EndsWith($"run 'chown root:root {keyFile} && chmod 600 {keyFile}'", error);
        Assert.Empty(api.Requests);
        AssertKeyNotPrinted(result, api.ApiKey);
    }

    [Fact]
    public void MissingKeyFileSendsNothing()
    {
        sandbox.AddApiSettings(api.BaseUri);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: API key file {keyFile} could not be read", error);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData(FakeApiFault.ServiceUnavailable, "HTTP status", "HTTP 503")]
    [InlineData(FakeApiFault.RateLimited, "HTTP status", "HTTP 429")]
    [InlineData(FakeApiFault.NotJson, "response body", "not JSON")]
    [InlineData(FakeApiFault.Hang, "timeout", "no response within 2 s")]
    public void ApiFaultNamesStep(FakeApiFault fault, string step, string detail)
    {
        sandbox.AddApiSettings(api.BaseUri);
        WriteKey(api.ApiKey, OwnerReadWrite);
        api.Fault = fault;
        var clock = Stopwatch.StartNew();

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: the API key check against {api.BaseUri} failed at the {step} step: ", error);
        Assert.Contains(detail, error);
        Assert.Single(api.Requests);
        AssertKeyNotPrinted(result, api.ApiKey);

        // api_timeout = 2 bounds the hanging request. The margin allows for a slow, loaded test machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"api-key test took {clock.Elapsed}");
    }

    [Fact]
    public void SelfSignedWithoutCaFileReportsTls()
    {
        using X509Certificate2 certificate = CreateLoopbackCertificate();
        using var tlsApi = new FakeAuthyApi(certificate: certificate);
        sandbox.AddApiSettings(tlsApi.BaseUri);
        WriteKey(tlsApi.ApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: the API key check against {tlsApi.BaseUri} failed at the TLS step: ", error);
        Assert.Empty(tlsApi.Requests);
    }

    [Fact]
    public void CaFileTrustsServer()
    {
        using X509Certificate2 certificate = CreateLoopbackCertificate();
        using var tlsApi = new FakeAuthyApi(certificate: certificate);
        string caFile = sandbox.PathOf("ca.pem");
        File.WriteAllText(caFile, certificate.ExportCertificatePem());
        sandbox.AddApiSettings(tlsApi.BaseUri, $"ca_file = {caFile}");
        WriteKey(tlsApi.ApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("OK: ", result.Output);
        Assert.Single(tlsApi.Requests);
    }

    [Fact]
    public void MissingCaFileNamesFile()
    {
        string caFile = sandbox.PathOf("missing-ca.pem");
        sandbox.AddApiSettings(api.BaseUri, $"ca_file = {caFile}");
        WriteKey(api.ApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: ca_file {caFile} could not be loaded: ", error);
        Assert.EndsWith("or remove it to use the system store", error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void CaFileWithoutCertificateFails()
    {
        string caFile = sandbox.PathOf("ca.pem");
        File.WriteAllText(caFile, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        sandbox.AddApiSettings(api.BaseUri, $"ca_file = {caFile}");
        WriteKey(api.ApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: ca_file {caFile} contains no PEM certificate; ", error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void ProxySettingIsUsed()
    {
        // The API itself is reachable, so a connect failure shows that the request went to the closed proxy port.
        int proxyPort = FakeAuthyApi.FindClosedPort();
        sandbox.AddApiSettings(api.BaseUri, $"proxy = http://127.0.0.1:{proxyPort}/");
        WriteKey(api.ApiKey, OwnerReadWrite);

        CliResult result = TestKey();

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains("failed at the connect step", error);
        Assert.Empty(api.Requests);
    }

    public void Dispose()
    {
        api.Dispose();
        sandbox.Dispose();
    }

    private CliResult TestKey() => sandbox.Run("api-key", "test");

    private void WriteKey(string key, UnixFileMode mode) => SandboxOnlineSettings.WriteFile(keyFile, key + "\n", mode);

    private static void AssertKeyNotPrinted(CliResult result, string key)
    {
        Assert.DoesNotContain(key, result.Output);
        Assert.DoesNotContain(key, result.Error);
    }

    /// <summary>Creates a self-signed certificate for 127.0.0.1, valid from an hour ago to an hour from now.</summary>
    private static X509Certificate2 CreateLoopbackCertificate()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var addresses = new SubjectAlternativeNameBuilder();
        addresses.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(addresses.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddHours(-1), now.AddHours(1));
    }
}

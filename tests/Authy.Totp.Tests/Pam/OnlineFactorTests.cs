using System.Diagnostics;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Pam;

/// <summary>
/// Push, SMS and online tokens through the built module and a fake Authy API on 127.0.0.1, and the
/// fallback to the offline code when that API fails.
/// </summary>
public sealed class OnlineFactorTests : IDisposable
{
    private const long AuthyId = 1001;
    private const string ChoicePrompt = "prompt: Authy code, or 'push' or 'sms': ";
    private const string CodePrompt = "prompt: Authy code: ";

    /// <summary>Generous bound for a login with api_timeout = 4 s; a hang would exceed it.</summary>
    private static readonly TimeSpan LoginBound = TimeSpan.FromSeconds(20);

    private readonly FakeAuthyApi api = new();
    private readonly FakeAuthyUser authyUser;
    private TestInstall install;
    private PamDriver driver;

    public OnlineFactorTests()
    {
        SyslogCapture.EnsureStarted();
        authyUser = api.AddUser(AuthyId, "7654321", "1234567");
        (install, driver) = Install(api.BaseUri.ToString());
    }

    public void Dispose()
    {
        install.Dispose();
        api.Dispose();
    }

    [Fact]
    public void Push_Approved_Succeeds()
    {
        string user = Enroll(withSecret: true);
        authyUser.PendingPolls = 1;

        var result = driver.Authenticate(user, ["push"], "-r", "192.0.2.10");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Contains(ChoicePrompt, result.Lines);
        var create = Assert.Single(api.Requests, request => request.Method == "POST");
        Assert.Equal($"/onetouch/json/users/{AuthyId}/approval_requests", create.Path);
        Assert.Equal("192.0.2.10", create.Form["details[Remote address]"]);
        Assert.Equal(PamDriver.Service, create.Form["details[Service]"]);
        Assert.Equal(user, create.Form["details[User]"]);
        Assert.Equal("5", create.Form["seconds_to_expire"]);
        Assert.Equal(FakeAuthyApi.DefaultApiKey, create.Headers["X-Authy-API-Key"]);
        Assert.NotEmpty(SyslogCapture.LinesContaining($"authentication success; user={user} rhost=192.0.2.10"));
    }

    [Fact]
    public void Push_Denied_Fails()
    {
        string user = Enroll(withSecret: true);
        authyUser.PushOutcome = FakePushOutcome.Denied;

        var result = driver.Authenticate(user, "push");

        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=push reason=push-denied"));
    }

    [Fact]
    public void Push_Expired_AsksForOfflineCode()
    {
        string user = Enroll(withSecret: true, out string seed);
        authyUser.PushOutcome = FakePushOutcome.Expired;

        var result = driver.Authenticate(user, "push", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Contains("info: The push was not approved in time.", result.Lines);
        Assert.Contains(CodePrompt, result.Lines);
    }

    [Fact]
    public void Push_NeverAnswered_AsksForCodeAfterPushTimeout()
    {
        string user = Enroll(withSecret: true, out string seed);
        authyUser.PushOutcome = FakePushOutcome.Pending;
        var stopwatch = Stopwatch.StartNew();

        var result = driver.Authenticate(user, "push", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Contains(CodePrompt, result.Lines);
        Assert.True(stopwatch.Elapsed < LoginBound, $"login took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Push_UnknownAuthyId_FailsAndLogsTheFix()
    {
        string user = "online-" + Guid.NewGuid().ToString("N")[..8];
        install.Enroll(user);
        install.SetAuthyId(user, 4242);

        var result = driver.Authenticate(user, "push");

        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=push reason=api-rejected"));
        Assert.NotEmpty(SyslogCapture.LinesContaining("error 60026: Authy user not found"));
    }

    [Fact]
    public void Sms_CodeVerifiedOnline()
    {
        string user = Enroll(withSecret: true);

        var result = driver.Authenticate(user, "sms", "7654321");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Contains("prompt: SMS code: ", result.Lines);
        Assert.Contains(api.Requests, request => request.Path == $"/protected/json/sms/{AuthyId}");
        Assert.Contains(api.Requests, request => request.Path == $"/protected/json/verify/7654321/{AuthyId}");
    }

    [Fact]
    public void Sms_WrongCode_Fails()
    {
        string user = Enroll(withSecret: true);

        var result = driver.Authenticate(user, "sms", "1111111");

        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
    }

    [Theory]
    [InlineData("1234567", TestSupport.Pam.Success)]
    [InlineData("7777777", TestSupport.Pam.AuthError)]
    public void AuthyToken_SevenDigits_VerifiedOnline(string token, int expected)
    {
        string user = Enroll(withSecret: true);

        var result = driver.Authenticate(user, token);

        Assert.Equal([expected], PamDriver.Codes(result));
        Assert.Contains(api.Requests, request => request.Path == $"/protected/json/verify/{token}/{AuthyId}");
    }

    [Fact]
    public void OfflineCode_WithAuthyId_SendsNoRequest()
    {
        string user = Enroll(withSecret: true, out string seed);

        var result = driver.Authenticate(user, Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData(FakeApiFault.Hang, "step=timeout")]
    [InlineData(FakeApiFault.ServiceUnavailable, "step=httpstatus")]
    [InlineData(FakeApiFault.RateLimited, "step=httpstatus")]
    [InlineData(FakeApiFault.NotJson, "step=body")]
    [InlineData(FakeApiFault.TruncatedBody, "step=body")]
    public void ApiFault_Push_FallsBackToOfflineCode(FakeApiFault fault, string logStep)
    {
        string user = Enroll(withSecret: true, out string seed);
        api.Fault = fault;
        var stopwatch = Stopwatch.StartNew();

        var result = driver.Authenticate(user, "push", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Contains("error: The Authy service cannot be reached.", result.Lines);
        Assert.Contains(CodePrompt, result.Lines);
        Assert.True(stopwatch.Elapsed < LoginBound, $"login took {stopwatch.Elapsed}");
        Assert.NotEmpty(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} {logStep}"));
    }

    [Fact]
    public void ClosedPort_Sms_FallsBackToOfflineCode()
    {
        Reinstall($"http://127.0.0.1:{FakeAuthyApi.FindClosedPort()}/");
        string user = Enroll(withSecret: true, out string seed);

        var result = driver.Authenticate(user, "sms", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} step=connect"));
    }

    [Fact]
    public void InvalidApiKey_FallsBackToOfflineCode()
    {
        install.WriteApiKey("not-the-right-key");
        string user = Enroll(withSecret: true, out string seed);

        var result = driver.Authenticate(user, "push", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"rejected the API key during the push request; user={user}"));
    }

    [Fact]
    public void GroupReadableApiKey_IsRefusedAndLogged()
    {
        string keyFile = install.WriteApiKey(FakeAuthyApi.DefaultApiKey, (UnixFileMode)0b110_100_000);
        string user = Enroll(withSecret: true, out string seed);

        var result = driver.Authenticate(user, "push", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Empty(api.Requests);
        Assert.NotEmpty(SyslogCapture.LinesContaining($"API key file {keyFile} has owner uid 0 and mode 0640"));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"chmod 600 {keyFile}"));
    }

    [Theory]
    [InlineData("missing.pem")]
    [InlineData("empty.pem")]
    public void BrokenCaFile_PushFallsBackToOfflineCode(string caFile)
    {
        Reinstall(api.BaseUri.ToString(), $"ca_file = {{root}}/{caFile}\n");
        System.IO.File.WriteAllText(install.File("empty.pem"), "no certificate here\n");
        string user = Enroll(withSecret: true, out string seed);

        var result = driver.Authenticate(user, "push", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Empty(api.Requests);
        Assert.NotEmpty(SyslogCapture.LinesContaining($"ca_file {install.File(caFile)}"));
    }

    [Fact]
    public void OnlyAuthyId_SixDigitToken_VerifiedOnline()
    {
        authyUser.ValidTokens.Add("246802");
        string user = Enroll(withSecret: false);

        var result = driver.Authenticate(user, "246802");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
    }

    [Fact]
    public void OnlyAuthyId_ApiDown_FailmodeSecureDenies()
    {
        Reinstall($"http://127.0.0.1:{FakeAuthyApi.FindClosedPort()}/");
        string user = Enroll(withSecret: false);

        var result = driver.Authenticate(user, "push");

        Assert.Equal([TestSupport.Pam.AuthInfoUnavailable], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=authy-token reason=api-unavailable"));
    }

    [Fact]
    public void OnlyAuthyId_ApiDown_FailmodeSafeAllows()
    {
        Reinstall($"http://127.0.0.1:{FakeAuthyApi.FindClosedPort()}/", "failmode = safe\n");
        string user = Enroll(withSecret: false);

        var result = driver.Authenticate(user, "push");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=failmode-safe"));
    }

    [Fact]
    public void EmptyAnswer_WithPushSetting_SendsPush()
    {
        Reinstall(api.BaseUri.ToString(), "empty_answer = push\n");
        string user = Enroll(withSecret: true);

        var result = driver.Authenticate(user, "");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.Contains(api.Requests, request => request.Method == "POST");
    }

    [Fact]
    public void PushWithoutAuthyId_Fails()
    {
        string user = "noid-" + Guid.NewGuid().ToString("N")[..8];
        install.Enroll(user);

        var result = driver.Authenticate(user, "push");

        Assert.Contains(CodePrompt, result.Lines);
        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
        Assert.Empty(api.Requests);
    }

    private string Enroll(bool withSecret) => Enroll(withSecret, out _);

    /// <summary>Enrolls a user with a unique name, so log assertions see only this test's lines.</summary>
    private string Enroll(bool withSecret, out string seed)
    {
        string user = "online-" + Guid.NewGuid().ToString("N")[..8];
        seed = withSecret ? install.Enroll(user) : string.Empty;
        install.SetAuthyId(user, AuthyId);
        return user;
    }

    private void Reinstall(string apiUrl, string extraConfig = "")
    {
        install.Dispose();
        (install, driver) = Install(apiUrl, extraConfig);
    }

    private static (TestInstall, PamDriver) Install(string apiUrl, string extraConfig = "")
    {
        // A 4 s API timeout gives the fake API time to reply while the whole suite loads both cores, so a
        // slow reply does not look like an outage, and it keeps the hang cases well inside LoginBound.
        var install = new TestInstall(
            $"api_url = {apiUrl}\napi_key_file = {{root}}/api.key\napi_timeout = 4\npush_timeout = 5\n{extraConfig}");
        install.WriteApiKey(FakeAuthyApi.DefaultApiKey);
        return (install, new PamDriver(install));
    }
}

using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Pam;

/// <summary>The built pam_authy.so, loaded by the real libpam through pam_start_confdir.</summary>
public sealed class PamModuleTests : IDisposable
{
    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    public PamModuleTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install);
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void RightCode_Succeeds()
    {
        string seed = install.Enroll("alice");

        var result = driver.Authenticate("alice", Oathtool.Totp(seed));

        Assert.Contains("prompt: Authy code: ", result.Lines);
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
    }

    [Fact]
    public void RightCode_WithSpaces_Succeeds()
    {
        string seed = install.Enroll("alice");
        string code = Oathtool.Totp(seed);

        var result = driver.Authenticate("alice", $" {code[..3]} {code[3..]} ");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
    }

    [Fact]
    public void WrongCode_FailsWithAuthError()
    {
        string seed = install.Enroll("alice");
        string wrong = ((int.Parse(Oathtool.Totp(seed)) + 500000) % 1000000).ToString("D6");

        var result = driver.Authenticate("alice", wrong);

        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
    }

    [Fact]
    public void EmptyAnswer_PromptsAgain()
    {
        string seed = install.Enroll("alice");

        var result = driver.Authenticate("alice", "", Oathtool.Totp(seed));

        Assert.Equal(2, result.Lines.Count(line => line == "prompt: Authy code: "));
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    [InlineData("12345\u0661")]
    public void MalformedAnswer_FailsWithAuthError(string answer)
    {
        install.Enroll("alice");

        var result = driver.Authenticate("alice", answer);

        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
    }

    [Fact]
    public void ReusedCode_FailsSecondTime()
    {
        string seed = install.Enroll("alice");
        string code = Oathtool.Totp(seed);

        var first = driver.Authenticate("alice", code);
        var second = driver.Authenticate("alice", code);

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(first));
        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(second));
        Assert.Contains("error: That code was already used. Wait for the next one.", second.Lines);
    }

    [Fact]
    public void Unenrolled_WithoutNullok_IsUserUnknown()
    {
        var result = driver.Authenticate("nobody-enrolled");

        Assert.Equal([TestSupport.Pam.UserUnknown], PamDriver.Codes(result));
        Assert.DoesNotContain(result.Lines, line => line.StartsWith("prompt:"));
    }

    [Fact]
    public void Unenrolled_WithNullok_IsIgnored()
    {
        // PAM_IGNORE leaves the decision to the next module, so pam_permit decides the stack's result.
        string helper = Artifacts.Path("pam_authy_helper");
        driver.WriteService($"config={install.ConfigPath} helper={helper} nullok", "auth required pam_permit.so\n");

        var result = driver.Authenticate("nobody-enrolled");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.DoesNotContain(result.Lines, line => line.StartsWith("prompt:"));
    }

    [Fact]
    public void Unenrolled_WithoutNullok_FailsBeforePermit()
    {
        string helper = Artifacts.Path("pam_authy_helper");
        driver.WriteService($"config={install.ConfigPath} helper={helper}", "auth required pam_permit.so\n");

        var result = driver.Authenticate("nobody-enrolled");

        Assert.Equal([TestSupport.Pam.UserUnknown], PamDriver.Codes(result));
    }

    [Fact]
    public void MissingKeyFile_IsAuthInfoUnavailable()
    {
        string seed = install.Enroll("alice");
        File.Delete(install.KeyFilePath);

        var result = driver.Authenticate("alice", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.AuthInfoUnavailable], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"key file {install.KeyFilePath} not found"));
    }

    [Fact]
    public void WrongKeyFile_IsAuthInfoUnavailable()
    {
        string seed = install.Enroll("alice");
        File.Delete(install.KeyFilePath);
        Crypto.HostKey.Create(install.KeyFilePath);

        var result = driver.Authenticate("alice", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.AuthInfoUnavailable], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"key file {install.KeyFilePath} does not match database"));
    }

    [Fact]
    public void MissingDatabase_IsAuthInfoUnavailable()
    {
        File.Delete(install.DatabasePath);

        var result = driver.Authenticate("alice", "123456");

        Assert.Equal([TestSupport.Pam.AuthInfoUnavailable], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"database {install.DatabasePath} not found"));
    }

    [Fact]
    public void UnreadableDatabase_IsAuthInfoUnavailable()
    {
        install.Enroll("alice");
        File.WriteAllText(install.DatabasePath, "this is not a SQLite database, it is long enough to be read");

        var result = driver.Authenticate("alice", "123456");

        Assert.Equal([TestSupport.Pam.AuthInfoUnavailable], PamDriver.Codes(result));
    }

    [Fact]
    public void MissingHelper_IsAuthInfoUnavailable()
    {
        install.Enroll("alice");
        string missing = install.File("no-such-helper");
        driver.WriteService($"config={install.ConfigPath} helper={missing}");

        var result = driver.Authenticate("alice", "123456");

        Assert.Equal([TestSupport.Pam.AuthInfoUnavailable], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"helper {missing} is missing or not executable"));
    }

    [Fact]
    public void UnknownArgument_FailsClosedAndIsLogged()
    {
        string seed = install.Enroll("alice");
        driver.WriteService($"config={install.ConfigPath} helper={Artifacts.Path("pam_authy_helper")} nulok");

        var result = driver.Authenticate("alice", Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.ServiceError], PamDriver.Codes(result));
        Assert.NotEmpty(SyslogCapture.LinesContaining("unknown module argument 'nulok'"));
    }

    [Theory]
    [InlineData("config=relative.conf")]
    [InlineData("timeout=0")]
    [InlineData("timeout=abc")]
    [InlineData("debug=1")]
    public void InvalidArgument_FailsClosed(string argument)
    {
        install.Enroll("alice");
        driver.WriteService($"config={install.ConfigPath} helper={Artifacts.Path("pam_authy_helper")} {argument}");

        var result = driver.Authenticate("alice", "123456");

        Assert.Equal([TestSupport.Pam.ServiceError], PamDriver.Codes(result));
    }

    [Fact]
    public void NoAnswer_IsConversationError()
    {
        install.Enroll("alice");

        var result = driver.Authenticate("alice");

        Assert.Equal([TestSupport.Pam.ConversationError], PamDriver.Codes(result));
    }

    [Fact]
    public void RepeatedStartAndEnd_InOneProcess()
    {
        string seed = install.Enroll("alice");
        string code = Oathtool.Totp(seed);

        var result = driver.Authenticate("alice", [code, code, "000000", code, code], "-n", "5");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [TestSupport.Pam.Success, TestSupport.Pam.AuthError, TestSupport.Pam.AuthError,
             TestSupport.Pam.AuthError, TestSupport.Pam.AuthError],
            PamDriver.Codes(result));
    }

    [Fact]
    public void ForkAfterAuthentication_ChildAuthenticates()
    {
        string seedAlice = install.Enroll("alice");

        // The parent starts the module's runtime with a wrong code; the forked child, which keeps only
        // the calling thread, must still run a whole authentication and setcred.
        var result = driver.Authenticate("alice", ["000000", Oathtool.Totp(seedAlice)], "-f", "-s");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result, "child authenticate:"));
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result, "child setcred:"));
        Assert.Contains("child exit: 0", result.Lines);
    }

    [Fact]
    public void Setcred_AfterSuccess_Succeeds()
    {
        string seed = install.Enroll("alice");

        var result = driver.Authenticate("alice", [Oathtool.Totp(seed)], "-s");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result, "setcred:"));
    }

    [Fact]
    public void Silent_HidesMessages()
    {
        string seed = install.Enroll("alice");
        string code = Oathtool.Totp(seed);
        driver.Authenticate("alice", code);

        var result = driver.Authenticate("alice", [code], "-q");

        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
        Assert.DoesNotContain(result.Lines, line => line.StartsWith("error:"));
    }

    [Fact]
    public void Logs_NeverContainCodeOrSeed()
    {
        string user = "log-" + Guid.NewGuid().ToString("N")[..8];
        string seed = install.Enroll(user);
        string code = Oathtool.Totp(seed);
        driver.WriteService($"config={install.ConfigPath} helper={Artifacts.Path("pam_authy_helper")} debug");

        driver.Authenticate(user, code);
        driver.Authenticate(user, code);
        driver.Authenticate(user, "987654");

        var lines = SyslogCapture.LinesContaining($"user={user} ", minimum: 3);
        Assert.Contains(lines, line => line.Contains("authentication success") && line.Contains("method=totp"));
        Assert.Contains(lines, line => line.Contains("reason=reused-code"));
        Assert.Contains(lines, line => line.Contains("reason=wrong-code"));
        Assert.DoesNotContain(SyslogCapture.AllLines(), line => line.Contains(code) || line.Contains(seed));
        Assert.DoesNotContain(SyslogCapture.AllLines(), line => line.Contains("987654"));
    }
}

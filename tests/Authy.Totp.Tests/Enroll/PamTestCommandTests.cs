using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// <c>authy-enroll test</c> running a service from a temporary PAM directory, which loads the built
/// pam_authy.so into the authy-enroll process, with responses fed on standard input.
/// </summary>
public sealed class PamTestCommandTests : IDisposable
{
    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    public PamTestCommandTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install);
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void RightCode_ReportsEveryStep()
    {
        string seed = install.Enroll("alice");

        CliResult result = RunTest("alice", Oathtool.Totp(seed) + "\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            "start: PAM_SUCCESS (Success)\nauthenticate: PAM_SUCCESS (Success)\naccount: PAM_SUCCESS (Success)\n",
            result.Output);
        Assert.Equal("Authy code: ", result.Error);
    }

    [Fact]
    public void WrongCode_ReportsAuthError()
    {
        string seed = install.Enroll("alice");
        string wrong = ((int.Parse(Oathtool.Totp(seed)) + 500000) % 1000000).ToString("D6");

        CliResult result = RunTest("alice", wrong + "\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("start: PAM_SUCCESS (Success)\nauthenticate: PAM_AUTH_ERR (Authentication failure)\n", result.Output);
    }

    [Fact]
    public void ReusedCode_ShowsModuleError()
    {
        string seed = install.Enroll("alice");
        string code = Oathtool.Totp(seed);

        CliResult first = RunTest("alice", code + "\n");
        CliResult second = RunTest("alice", code + "\n");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("error: That code was already used. Wait for the next one.\n", second.Output);
        Assert.Contains("authenticate: PAM_AUTH_ERR (Authentication failure)\n", second.Output);
    }

    [Fact]
    public void EndOfInput_ReportsConversationError()
    {
        install.Enroll("alice");

        CliResult result = RunTest("alice", "");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("authenticate: PAM_CONV_ERR (Conversation error)\n", result.Output);
    }

    [Fact]
    public void DeniedAccount_ReportsAccountStep()
    {
        string seed = install.Enroll("alice");
        string module = Artifacts.Path("pam_authy.so");
        string helper = Artifacts.Path("pam_authy_helper");
        File.WriteAllText(Path.Combine(driver.ConfigDirectory, PamDriver.Service),
            $"auth required {module} config={install.ConfigPath} helper={helper}\naccount required pam_deny.so\n");

        CliResult result = RunTest("alice", Oathtool.Totp(seed) + "\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("authenticate: PAM_SUCCESS (Success)\n", result.Output);
        Assert.Contains("account: PAM_AUTH_ERR (Authentication failure)\n", result.Output);
    }

    [Fact]
    public void MissingPamDirectory_IsUsageError()
    {
        string missing = install.File("no-such-pam.d");

        CliResult result = CliProcess.Run(["test", "alice", "--service", PamDriver.Service, "--pam-dir", missing]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"authy-enroll: PAM directory {missing} not found\n", result.Error);
    }

    private CliResult RunTest(string user, string input) =>
        CliProcess.Run(["test", user, "--service", PamDriver.Service, "--pam-dir", driver.ConfigDirectory], input);
}

using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Pam;

/// <summary>
/// Unsafe owners and modes of the installation's files and of the helper, through the real libpam: the
/// login fails with PAM_AUTHINFO_UNAVAIL and a log line that names the file, its owner, its mode and the
/// fix. authy-enroll only warns about the same files.
/// </summary>
public sealed class StrictModesTests : IDisposable
{
    private const int Nobody = 65534;

    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    public StrictModesTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install);
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void KeyFileReadableByGroup_IsRejected()
    {
        string seed = install.Enroll("alice");
        SetMode(install.KeyFilePath, "640");

        AssertRejected(seed, $"key file {install.KeyFilePath} has owner uid 0 and mode 0640, which lets others read or change it; " +
            $"run 'chown root:root {install.KeyFilePath} && chmod 600 {install.KeyFilePath}'");
    }

    [Fact]
    public void ConfigWritableByOthers_IsRejected()
    {
        string seed = install.Enroll("alice");
        SetMode(install.ConfigPath, "646");

        AssertRejected(seed, $"config file {install.ConfigPath} has owner uid 0 and mode 0646");
    }

    [Fact]
    public void DatabaseOfOtherOwner_IsRejected()
    {
        string seed = install.Enroll("alice");
        Chown(install.DatabasePath, Nobody);

        AssertRejected(seed, $"database {install.DatabasePath} has owner uid {Nobody} and mode 0600");
    }

    [Fact]
    public void DirectoryWritableByGroup_IsRejected()
    {
        string seed = install.Enroll("alice");
        SetMode(install.Root, "770");

        AssertRejected(seed, $"directory {install.Root} above config file {install.ConfigPath} has owner uid 0 and mode 0770");
    }

    [Fact]
    public void ReadableConfig_IsAccepted()
    {
        string seed = install.Enroll("alice");
        SetMode(install.ConfigPath, "644");

        var result = driver.Authenticate("alice", [Oathtool.Totp(seed)], "-D");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
    }

    [Fact]
    public void HelperOfOtherOwner_IsRejected()
    {
        string seed = install.Enroll("alice");
        string helper = CopyHelper();
        Chown(helper, Nobody);

        AssertRejected(seed, $"helper {helper} has owner uid {Nobody} and mode 0755, which lets others change it; " +
            $"run 'chown root:root {helper} && chmod 755 {helper}'");
    }

    [Fact]
    public void HelperWritableByGroup_IsRejected()
    {
        string seed = install.Enroll("alice");
        string helper = CopyHelper();
        SetMode(helper, "775");

        AssertRejected(seed, $"helper {helper} has owner uid 0 and mode 0775");
    }

    [Fact]
    public void CopiedRootOwnedHelper_IsAccepted()
    {
        string seed = install.Enroll("alice");
        CopyHelper();

        var result = driver.Authenticate("alice", [Oathtool.Totp(seed)], "-D");

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
    }

    [Fact]
    public void Enroll_WarnsButRuns()
    {
        install.Enroll("alice");
        SetMode(install.KeyFilePath, "644");

        var result = ProcessRunner.Run(Artifacts.Path("authy-enroll"), ["list", "--config", install.ConfigPath]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("alice", result.Output);
        Assert.Contains($"authy-enroll: warning: key file {install.KeyFilePath} has owner uid 0 and mode 0644", result.Error);
    }

    private void AssertRejected(string seed, string logged)
    {
        var result = driver.Authenticate("alice", [Oathtool.Totp(seed)], "-D");

        Assert.Equal([TestSupport.Pam.AuthInfoUnavailable], PamDriver.Codes(result));
        Assert.DoesNotContain(result.Lines, line => line.StartsWith("prompt:"));
        Assert.NotEmpty(SyslogCapture.LinesContaining(logged));
    }

    /// <summary>Copies the built helper into the install directory and points the service file at it.</summary>
    private string CopyHelper()
    {
        string helper = install.File("pam_authy_helper");
        File.Copy(Artifacts.Path("pam_authy_helper"), helper);
        SetMode(helper, "755");
        driver.WriteService($"config={install.ConfigPath} helper={helper}");
        return helper;
    }

    private static void SetMode(string path, string octalMode) =>
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octalMode, 8));

    private static void Chown(string path, int owner)
    {
        var result = ProcessRunner.Run("chown", [owner.ToString(), path]);
        Assert.True(result.ExitCode == 0, $"chown failed: {result.Error}");
    }
}

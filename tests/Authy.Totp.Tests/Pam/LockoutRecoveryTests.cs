using System.Diagnostics;
using System.Text.RegularExpressions;
using Authy.Totp.Store;
using Authy.Totp.Tests.Enroll;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Pam;

/// <summary>
/// The lockout, the failure delay and recovery codes through the built module, the real libpam and
/// <c>authy-enroll</c>.
/// </summary>
public sealed partial class LockoutRecoveryTests : IDisposable
{
    private const string LockedMessage = "error: Too many failed attempts; try again later.";

    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    public LockoutRecoveryTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install);
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void FiveWrongCodes_LockRightCode()
    {
        string user = NewUser();
        string seed = install.Enroll(user);
        string right = Oathtool.Totp(seed);
        string wrong = WrongCode(right);

        var result = driver.Authenticate(user, [wrong, wrong, wrong, wrong, wrong, right], "-n", "6");

        Assert.Equal(
            [TestSupport.Pam.AuthError, TestSupport.Pam.AuthError, TestSupport.Pam.AuthError,
             TestSupport.Pam.AuthError, TestSupport.Pam.AuthError, TestSupport.Pam.MaxTries],
            PamDriver.Codes(result));
        Assert.Contains(LockedMessage, result.Lines);
        string locked = Assert.Single(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=totp reason=locked"));
        Assert.Matches(@"reason=locked until=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", locked);
        Assert.Single(SyslogCapture.LinesContaining($"user locked out; user={user} "));
    }

    [Fact]
    public void Unlock_LetsRightCodeIn()
    {
        string user = NewUser();
        string seed = install.Enroll(user);
        string right = Oathtool.Totp(seed);
        string wrong = WrongCode(right);
        driver.Authenticate(user, [wrong, wrong, wrong, wrong, wrong], "-n", "5");
        Assert.Equal([TestSupport.Pam.MaxTries], PamDriver.Codes(driver.Authenticate(user, right)));

        CliResult status = Cli("status", user);
        CliResult unlock = Cli("unlock", user);
        var result = driver.Authenticate(user, right);

        Assert.Contains("lock: locked until ", status.Output);
        Assert.Equal(0, unlock.ExitCode);
        Assert.Contains($"Unlocked '{user}'", unlock.Output);
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        Assert.DoesNotContain("lock:", Cli("status", user).Output);
    }

    [Fact]
    public void Success_ResetsFailureCount()
    {
        string user = NewUser();
        string seed = install.Enroll(user);
        string right = Oathtool.Totp(seed);
        string wrong = WrongCode(right);

        var result = driver.Authenticate(user, [wrong, wrong, wrong, wrong, right], "-n", "5");

        Assert.Equal(TestSupport.Pam.Success, PamDriver.Codes(result)[^1]);
        using var store = SecretStore.Open(install.DatabasePath);
        Assert.Null(store.FindLockout(user));
    }

    [Fact]
    public void LockedUser_IsNotPrompted()
    {
        string user = NewUser();
        string seed = install.Enroll(user);
        string wrong = WrongCode(Oathtool.Totp(seed));
        driver.Authenticate(user, [wrong, wrong, wrong, wrong, wrong], "-n", "5");

        var result = driver.Authenticate(user, Oathtool.Totp(seed));

        Assert.Equal([TestSupport.Pam.MaxTries], PamDriver.Codes(result));
        Assert.DoesNotContain(result.Lines, line => line.StartsWith("prompt:"));
    }

    [Fact]
    public void RecoveryCode_AcceptedOnce()
    {
        string user = NewUser();
        install.Enroll(user);
        string[] codes = IssueRecoveryCodes(user);
        Assert.Contains("recovery codes: 10 unused", Cli("status", user).Output);

        var first = driver.Authenticate(user, codes[0]);
        var second = driver.Authenticate(user, codes[0]);

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(first));
        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(second));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"authentication success; user={user} rhost=- service={PamDriver.Service} method=recovery"));
        Assert.NotEmpty(SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=recovery reason=wrong-code"));
        string status = Cli("status", user).Output;
        Assert.Contains("recovery codes: 9 unused", status);
        Assert.Contains("failed logins: 1 of 5 counted since ", status);
    }

    [Theory]
    [InlineData("0001234567", "0001234567")]
    [InlineData("0001234567", "00012-34567")]
    [InlineData("0001234567", " 00012 34567 ")]
    [InlineData("0000000000", "000-000-0000")]
    public void RecoveryCode_TypedWithSeparators_Succeeds(string stored, string typed)
    {
        string user = NewUser();
        install.Enroll(user);
        using (var store = SecretStore.Open(install.DatabasePath))
        {
            store.PutRecoveryCodes(user, [stored]);
        }

        var result = driver.Authenticate(user, typed);

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
    }

    [Fact]
    public void RecoveryCodes_NewSetReplacesOld()
    {
        string user = NewUser();
        install.Enroll(user);
        string[] old = IssueRecoveryCodes(user);

        IssueRecoveryCodes(user);
        var result = driver.Authenticate(user, old[1]);

        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
    }

    [Fact]
    public void RecoveryCodes_UnknownUser_Fails()
    {
        CliResult result = Cli("recovery-codes", NewUser());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no offline seed and no Authy ID", result.Error);
        Assert.DoesNotMatch(RecoveryCodeLine(), result.Output);
    }

    [Fact]
    public void FailDelay_DelaysFailure()
    {
        string user = NewUser();
        string seed = install.Enroll(user);
        driver.WriteService($"config={install.ConfigPath} helper={Artifacts.Path("pam_authy_helper")} fail_delay=2000");

        var timer = Stopwatch.StartNew();
        var result = driver.Authenticate(user, WrongCode(Oathtool.Totp(seed)));
        timer.Stop();

        // Linux-PAM 1.5 (pam_delay.c) sleeps between 50% and 150% of the requested delay.
        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(result));
        Assert.True(timer.Elapsed >= TimeSpan.FromMilliseconds(950), $"a failure took only {timer.Elapsed}");
    }

    [Theory]
    [InlineData("fail_delay=-1")]
    [InlineData("fail_delay=10001")]
    [InlineData("fail_delay=2s")]
    public void FailDelay_Invalid_FailsClosed(string argument)
    {
        string user = NewUser();
        install.Enroll(user);
        driver.WriteService($"config={install.ConfigPath} helper={Artifacts.Path("pam_authy_helper")} {argument}");

        var result = driver.Authenticate(user, "123456");

        Assert.Equal([TestSupport.Pam.ServiceError], PamDriver.Codes(result));
    }

    [Fact]
    public void Status_WarnsAboutClockDrift()
    {
        string user = NewUser();
        install.Enroll(user);
        using (var store = SecretStore.Open(install.DatabasePath))
        {
            for (int i = 0; i < 3; i++)
            {
                store.RecordStepOffset(user, -1, DateTimeOffset.UtcNow.AddMinutes(i));
            }
        }

        CliResult status = Cli("status", user);

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("behind the server's clock", status.Error);
        Assert.Contains("raise 'window'", status.Error);
    }

    [Fact]
    public void AcceptedCode_RecordsStepOffset()
    {
        string user = NewUser();
        string seed = install.Enroll(user);

        var result = driver.Authenticate(user, Oathtool.Totp(seed, DateTimeOffset.UtcNow.AddSeconds(30)));

        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(result));
        using var store = SecretStore.Open(install.DatabasePath);
        long offset = Assert.Single(store.RecentStepOffsets(user));
        Assert.InRange(offset, 0, 1);
    }

    private string[] IssueRecoveryCodes(string user)
    {
        CliResult result = Cli("recovery-codes", user);
        Assert.Equal(0, result.ExitCode);
        string[] codes = result.Output.Split('\n').Where(line => RecoveryCodeLine().IsMatch(line)).ToArray();
        Assert.Equal(10, codes.Length);
        return codes;
    }

    private CliResult Cli(params string[] arguments) => CliProcess.Run(["--config", install.ConfigPath, .. arguments]);

    internal static string NewUser() => "lk" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..5]);

    internal static string WrongCode(string right) => ((int.Parse(right) + 500000) % 1000000).ToString("D6");

    [GeneratedRegex(@"^\d{5}-\d{5}$")]
    private static partial Regex RecoveryCodeLine();
}

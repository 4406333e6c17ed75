using System.Collections.Concurrent;
using Authy.Totp.Store;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Pam;

/// <summary>
/// Many pam_driver processes at once against one database: single use of a code, independent users,
/// exact lockout counts and the cap on guesses.
/// </summary>
public sealed class ParallelLoginTests : IDisposable
{
    private const int Processes = 25;

    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    public ParallelLoginTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install);
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void SameCode_HundredLogins_AcceptOnce()
    {
        // A high limit keeps the 99 reused-code failures from locking the user before the winner runs.
        using var generous = new TestInstall("lockout_failures = 1000\n");
        var generousDriver = new PamDriver(generous);
        string user = LockoutRecoveryTests.NewUser();
        string code = Oathtool.Totp(generous.Enroll(user));

        // 25 processes of 4 runs each: 100 logins with the same code.
        int[] codes = RunParallel(Processes, _ => generousDriver.Authenticate(user, [code, code, code, code], "-n", "4"));

        Assert.Equal(100, codes.Length);
        Assert.Equal(1, codes.Count(result => result == TestSupport.Pam.Success));
        Assert.Equal(99, codes.Count(result => result == TestSupport.Pam.AuthError));
    }

    [Fact]
    public void FiftyUsers_InParallel_AllSucceed()
    {
        string[] users = Enumerable.Range(0, 50).Select(_ => LockoutRecoveryTests.NewUser()).ToArray();
        string[] seeds = users.Select(install.Enroll).ToArray();

        int[] codes = RunParallel(users.Length, i => driver.Authenticate(users[i], Oathtool.Totp(seeds[i])));

        Assert.Equal(50, codes.Length);
        Assert.All(codes, result => Assert.Equal(TestSupport.Pam.Success, result));
    }

    [Fact]
    public void ParallelWrongCodes_CountExactly()
    {
        using var generous = new TestInstall("lockout_failures = 100\n");
        var generousDriver = new PamDriver(generous);
        string user = LockoutRecoveryTests.NewUser();
        string wrong = LockoutRecoveryTests.WrongCode(Oathtool.Totp(generous.Enroll(user)));

        int[] codes = RunParallel(20, _ => generousDriver.Authenticate(user, wrong));

        Assert.All(codes, result => Assert.Equal(TestSupport.Pam.AuthError, result));
        using var store = SecretStore.Open(generous.DatabasePath);
        Assert.Equal(20, store.FindLockout(user)!.Failures);
        Assert.Null(store.FindLockout(user)!.LockedUntil);
    }

    [Fact]
    public void BruteForce_ChecksAtMostFiveCodes()
    {
        string user = LockoutRecoveryTests.NewUser();
        string seed = install.Enroll(user);
        string right = Oathtool.Totp(seed);

        // 40 guesses at once, none of them the right code, then the right code while locked.
        int[] codes = RunParallel(40, i => driver.Authenticate(user, LockoutRecoveryTests.WrongCode(right)));
        var afterwards = driver.Authenticate(user, right);

        Assert.Equal(5, codes.Count(result => result == TestSupport.Pam.AuthError));
        Assert.Equal(35, codes.Count(result => result == TestSupport.Pam.MaxTries));
        Assert.Equal([TestSupport.Pam.MaxTries], PamDriver.Codes(afterwards));
        Assert.Equal(5, SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=totp reason=wrong-code", 5).Count);
        Assert.Single(SyslogCapture.LinesContaining($"user locked out; user={user} "));
        Assert.Equal(36, SyslogCapture.LinesContaining($"user={user} rhost=- service={PamDriver.Service} method=totp reason=locked", 36).Count);
        using var store = SecretStore.Open(install.DatabasePath);
        Assert.Equal(5, store.FindLockout(user)!.Failures);
    }

    /// <summary>Runs <paramref name="count"/> pam_driver processes, at most <see cref="Processes"/> at a time.</summary>
    /// <returns>Every PAM return code the processes printed.</returns>
    private static int[] RunParallel(int count, Func<int, ProcessResult> run)
    {
        var codes = new ConcurrentBag<int>();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Processes }, i =>
        {
            ProcessResult result = run(i);
            Assert.True(result.ExitCode == 0, $"pam_driver failed: {result.Output}\n{result.Error}");
            foreach (int code in PamDriver.Codes(result))
            {
                codes.Add(code);
            }
        });
        return codes.ToArray();
    }
}

using Authy.Totp.Lockout;
using Authy.Totp.Store;
using Authy.Totp.Tests.Core;
using Microsoft.Extensions.Time.Testing;

namespace Authy.Totp.Tests.Lockout;

/// <summary>The lockout arithmetic of <see cref="LoginLockout"/> over a real database, with a fake clock.</summary>
public sealed class LoginLockoutTests : IDisposable
{
    private static readonly LockoutPolicy Policy = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10));

    private readonly TempStore temp = new();
    private readonly SecretStore store;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LoginLockout lockout;

    public LoginLockoutTests()
    {
        store = temp.Open();
        lockout = new LoginLockout(store, "alice", Policy, clock);
    }

    public void Dispose()
    {
        store.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void FailuresBelowLimit_DoNotLock()
    {
        for (int i = 1; i < Policy.MaxFailures; i++)
        {
            AttemptClaim claim = lockout.Claim();
            Assert.True(claim.Allowed);
            Assert.Equal(i, claim.Failures);
            Assert.Null(claim.LockedUntil);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Null(lockout.LockedUntil());
    }

    [Fact]
    public void FifthFailure_LocksForDuration()
    {
        ClaimTimes(Policy.MaxFailures - 1);
        DateTimeOffset fifth = clock.GetUtcNow();

        AttemptClaim last = lockout.Claim();

        Assert.True(last.Allowed);
        Assert.Equal(Policy.MaxFailures, last.Failures);
        Assert.Equal(fifth + Policy.Duration, last.LockedUntil);
        Assert.Equal(fifth + Policy.Duration, lockout.LockedUntil());
    }

    [Fact]
    public void Locked_RejectsWithoutCounting()
    {
        ClaimTimes(Policy.MaxFailures);
        DateTimeOffset until = lockout.LockedUntil()!.Value;

        AttemptClaim rejected = lockout.Claim();

        Assert.False(rejected.Allowed);
        Assert.Equal(until, rejected.LockedUntil);
        Assert.Equal(Policy.MaxFailures, store.FindLockout("alice")!.Failures);
    }

    [Fact]
    public void LockExpiry_StartsNewWindow()
    {
        ClaimTimes(Policy.MaxFailures);
        clock.Advance(Policy.Duration - TimeSpan.FromSeconds(1));
        Assert.NotNull(lockout.LockedUntil());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(lockout.LockedUntil());
        AttemptClaim claim = lockout.Claim();

        Assert.True(claim.Allowed);
        Assert.Equal(1, claim.Failures);
        Assert.Null(claim.LockedUntil);
    }

    [Fact]
    public void WindowExpiry_ForgetsOldFailures()
    {
        ClaimTimes(Policy.MaxFailures - 1);
        clock.Advance(Policy.Window);

        AttemptClaim claim = lockout.Claim();

        Assert.True(claim.Allowed);
        Assert.Equal(1, claim.Failures);
        Assert.Null(lockout.LockedUntil());
    }

    [Fact]
    public void FailuresJustInsideWindow_StillLock()
    {
        lockout.Claim();
        clock.Advance(Policy.Window - TimeSpan.FromSeconds(1));
        ClaimTimes(Policy.MaxFailures - 2);

        AttemptClaim last = lockout.Claim();

        Assert.Equal(Policy.MaxFailures, last.Failures);
        Assert.NotNull(last.LockedUntil);
    }

    [Fact]
    public void Success_ResetsCount()
    {
        ClaimTimes(Policy.MaxFailures - 1);

        lockout.Reset();
        AttemptClaim claim = lockout.Claim();

        Assert.Equal(1, claim.Failures);
        Assert.Null(claim.LockedUntil);
    }

    [Fact]
    public void SuccessOnLastAttempt_LiftsLock()
    {
        ClaimTimes(Policy.MaxFailures);

        lockout.Reset();

        Assert.Null(lockout.LockedUntil());
        Assert.True(lockout.Claim().Allowed);
    }

    [Fact]
    public void Refund_TakesBackAttemptAndItsLock()
    {
        ClaimTimes(Policy.MaxFailures);

        lockout.Refund();

        Assert.Null(lockout.LockedUntil());
        Assert.Equal(Policy.MaxFailures - 1, store.FindLockout("alice")!.Failures);
    }

    [Fact]
    public void OtherUser_IsNotAffected()
    {
        ClaimTimes(Policy.MaxFailures);
        var bob = new LoginLockout(store, "bob", Policy, clock);

        Assert.Null(bob.LockedUntil());
        Assert.True(bob.Claim().Allowed);
    }

    [Fact]
    public void LoweredLimit_RejectsAtOnce()
    {
        ClaimTimes(3);
        var stricter = new LoginLockout(store, "alice", Policy with { MaxFailures = 2 }, clock);

        AttemptClaim claim = stricter.Claim();

        Assert.False(claim.Allowed);
        Assert.Equal(clock.GetUtcNow() + Policy.Duration, claim.LockedUntil);
    }

    [Fact]
    public void ParallelClaims_CountExactly()
    {
        // Separate connections, as separate helper processes would have, racing on one user.
        var policy = Policy with { MaxFailures = 1000 };
        const int Threads = 8;
        const int ClaimsPerThread = 25;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            using var own = temp.Open();
            var threadLockout = new LoginLockout(own, "carol", policy, clock);
            for (int i = 0; i < ClaimsPerThread; i++)
            {
                Assert.True(threadLockout.Claim().Allowed);
            }
        });

        Assert.Equal(Threads * ClaimsPerThread, store.FindLockout("carol")!.Failures);
    }

    [Fact]
    public void ParallelClaims_AllowOnlyLimit()
    {
        int allowed = 0;
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            using var own = temp.Open();
            if (new LoginLockout(own, "dave", Policy, clock).Claim().Allowed)
            {
                Interlocked.Increment(ref allowed);
            }
        });

        Assert.Equal(Policy.MaxFailures, allowed);
        Assert.Equal(Policy.MaxFailures, store.FindLockout("dave")!.Failures);
    }

    private void ClaimTimes(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Assert.True(lockout.Claim().Allowed);
        }
    }
}

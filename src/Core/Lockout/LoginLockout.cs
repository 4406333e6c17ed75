using Authy.Totp.Store;

namespace Authy.Totp.Lockout;

/// <summary>
/// The lockout of one user during one login, with the time taken from <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Every answer that is checked counts as a failure: a wrong, reused or malformed code, a wrong
/// recovery code, a denied push and an invalid Authy or SMS token. An answer whose check could not run,
/// because the Authy API was unreachable or a push was not answered in time, is refunded. A success
/// clears the count.
/// </remarks>
public sealed class LoginLockout
{
    private readonly SecretStore store;
    private readonly string user;
    private readonly LockoutPolicy policy;
    private readonly TimeProvider clock;

    public LoginLockout(SecretStore store, string user, LockoutPolicy policy, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        this.store = store;
        this.user = user;
        this.policy = policy;
        this.clock = clock;
    }

    /// <summary>Returns the end of the user's lock, or null when the user is not locked now.</summary>
    public DateTimeOffset? LockedUntil()
    {
        LockoutState? state = store.FindLockout(user);
        return state is not null && state.IsLockedAt(clock.GetUtcNow()) ? state.LockedUntil : null;
    }

    /// <summary>Counts an attempt before its check; see <see cref="SecretStore.ClaimAttempt"/>.</summary>
    public AttemptClaim Claim() => store.ClaimAttempt(user, policy, clock.GetUtcNow());

    /// <summary>Takes back a claimed attempt whose check could not run.</summary>
    public void Refund() => store.RefundAttempt(user, policy);

    /// <summary>Clears the count after a successful login.</summary>
    public void Reset() => store.ResetFailures(user);
}

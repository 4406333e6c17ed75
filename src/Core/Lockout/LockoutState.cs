namespace Authy.Totp.Lockout;

/// <summary>A user's failure counter as stored.</summary>
/// <param name="Failures">Attempts counted in the current window, including ones still being checked.</param>
/// <param name="WindowStart">Time of the first attempt counted in the current window.</param>
/// <param name="LockedUntil">End of the lock, or null when the user is not locked.</param>
public sealed record LockoutState(int Failures, DateTimeOffset WindowStart, DateTimeOffset? LockedUntil)
{
    /// <summary>Returns true when the lock is still in force at <paramref name="now"/>.</summary>
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>Outcome of <see cref="Store.SecretStore.ClaimAttempt"/>.</summary>
/// <param name="Allowed">True when the code may be checked; false when the user is locked.</param>
/// <param name="Failures">Attempts counted in the window, this one included when it was allowed.</param>
/// <param name="LockedUntil">
/// End of the lock: the lock already in force when the attempt was rejected, or the lock that this
/// attempt starts if it fails because it reached the limit. Null when no lock applies.
/// </param>
public readonly record struct AttemptClaim(bool Allowed, int Failures, DateTimeOffset? LockedUntil);

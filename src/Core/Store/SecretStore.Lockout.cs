using Authy.Totp.Lockout;

namespace Authy.Totp.Store;

/// <summary>The per-user failure counters behind the lockout, in the <c>login_failures</c> table.</summary>
public sealed partial class SecretStore
{
    /// <summary>
    /// Counts one attempt as a failure before its code is checked, or rejects it when the user is locked.
    /// </summary>
    /// <remarks>
    /// The attempt is counted up front and taken back by <see cref="ResetFailures"/> on success or
    /// <see cref="RefundAttempt"/> when the check could not run. So however many attempts run in parallel,
    /// at most <see cref="LockoutPolicy.MaxFailures"/> codes are checked per window. The attempt that
    /// reaches the limit sets the lock at once, and a later attempt is rejected without a check. The read
    /// and the write run in one BEGIN IMMEDIATE transaction, which SQLite serializes across processes.
    /// </remarks>
    public AttemptClaim ClaimAttempt(string name, LockoutPolicy policy, DateTimeOffset now)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        LockoutState? state = FindLockout(name);
        if (state is not null && state.IsLockedAt(now))
        {
            return new AttemptClaim(false, state.Failures, state.LockedUntil);
        }

        bool windowOver = state is null || state.LockedUntil is not null || now - state.WindowStart >= policy.Window;
        int failures = windowOver ? 0 : state!.Failures;
        DateTimeOffset windowStart = windowOver ? now : state!.WindowStart;
        DateTimeOffset? lockedUntil = null;
        bool allowed = failures < policy.MaxFailures;
        if (allowed)
        {
            failures++;
        }

        // A policy lowered below the current count locks at once, so that case rejects the attempt.
        if (failures >= policy.MaxFailures)
        {
            lockedUntil = now + policy.Duration;
        }

        using var command = Command(
            "INSERT OR REPLACE INTO login_failures (name, failures, window_start, locked_until) " +
            "VALUES ($name, $failures, $start, $until)");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$failures", failures);
        command.Parameters.AddWithValue("$start", windowStart.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$until", lockedUntil is { } until ? until.ToUnixTimeSeconds() : DBNull.Value);
        command.ExecuteNonQuery();
        transaction.Commit();
        return new AttemptClaim(allowed, failures, lockedUntil);
    }

    /// <summary>
    /// Takes back an attempt counted by <see cref="ClaimAttempt"/> whose check could not run (the API was
    /// unreachable), and lifts the lock if that attempt had set it.
    /// </summary>
    public void RefundAttempt(string name, LockoutPolicy policy)
    {
        using var command = Command(
            "UPDATE login_failures SET failures = failures - 1, " +
            "locked_until = CASE WHEN failures - 1 < $max THEN NULL ELSE locked_until END " +
            "WHERE name = $name AND failures > 0");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$max", policy.MaxFailures);
        command.ExecuteNonQuery();
    }

    /// <summary>Clears the user's failure count and lock, after a success or by the administrator.</summary>
    /// <returns>True when there was a counter to clear.</returns>
    public bool ResetFailures(string name)
    {
        using var command = Command("DELETE FROM login_failures WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Returns the user's failure counter, or null when no failure is counted.</summary>
    public LockoutState? FindLockout(string name)
    {
        using var command = Command("SELECT failures, window_start, locked_until FROM login_failures WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new LockoutState(
            reader.GetInt32(0),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)),
            reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)));
    }
}

namespace Authy.Totp.Lockout;

/// <summary>
/// When failed logins lock a user: <see cref="MaxFailures"/> failures within <see cref="Window"/>
/// lock the user for <see cref="Duration"/>, counted from the attempt that reached the limit.
/// </summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan Window, TimeSpan Duration)
{
    public const int MinFailures = 1;
    public const int MaxFailuresLimit = 1000;
    public const int MinSeconds = 30;
    public const int MaxSeconds = 86400;

    /// <summary>5 failures within 15 minutes lock the user for 15 minutes.</summary>
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
}

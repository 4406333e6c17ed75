namespace Authy.Totp.Totp;

/// <summary>
/// Tells from the step offsets of recent accepted codes whether a user's phone clock runs ahead of or
/// behind the server's.
/// </summary>
public static class ClockDrift
{
    /// <summary>Number of newest offsets that must all lie on the same side of zero.</summary>
    public const int ConsistentCodes = 3;

    /// <summary>
    /// Returns the sign of a consistent drift (+1 when the phone runs ahead, -1 when behind) or 0, given
    /// the offsets newest first. Drift is consistent when the newest <see cref="ConsistentCodes"/> offsets
    /// are all positive or all negative.
    /// </summary>
    public static int Detect(IReadOnlyList<long> newestFirst)
    {
        if (newestFirst.Count < ConsistentCodes)
        {
            return 0;
        }

        var recent = newestFirst.Take(ConsistentCodes).ToList();
        if (recent.All(offset => offset > 0))
        {
            return 1;
        }

        return recent.All(offset => offset < 0) ? -1 : 0;
    }
}

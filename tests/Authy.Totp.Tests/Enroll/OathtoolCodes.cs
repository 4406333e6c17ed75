using Authy.Totp.Tests.TestSupport;
using Authy.Totp.Totp;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// TOTP codes from oathtool (Debian package oathtool), an implementation independent of this project.
/// </summary>
internal static class OathtoolCodes
{
    public static string Now(string base32Secret) => Oathtool.Totp(base32Secret);

    public static string At(string base32Secret, DateTimeOffset time) => Oathtool.Totp(base32Secret, time);

    /// <summary>
    /// Returns a well-formed code that matches none of the steps within <paramref name="steps"/> of now, so
    /// it stays wrong for any window up to that size while the test runs.
    /// </summary>
    public static string Wrong(string base32Secret, int steps)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var valid = new HashSet<string>();
        for (int offset = -steps; offset <= steps; offset++)
        {
            valid.Add(At(base32Secret, now.AddSeconds(offset * TotpVerifier.StepSeconds)));
        }

        int candidate = 0;
        while (valid.Contains(candidate.ToString("D6")))
        {
            candidate++;
        }

        return candidate.ToString("D6");
    }
}

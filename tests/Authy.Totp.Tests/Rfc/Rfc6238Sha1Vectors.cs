// Test vectors from RFC 6238 (TOTP: Time-Based One-Time Password Algorithm), Appendix B, Table 1:
// the rows whose mode is SHA1. The shared secret is the 20 ASCII bytes "12345678901234567890", the
// step is 30 seconds and T0 is the Unix epoch. The RFC prints 8-digit codes. A code is a number taken
// modulo 10^digits, so the 6-digit code is the last six digits of the 8-digit one.

using System.Text;
using Authy.Totp.Totp;
using Microsoft.Extensions.Time.Testing;

namespace Authy.Totp.Tests.Rfc;

public sealed class Rfc6238Sha1Vectors
{
    private static readonly byte[] Seed = Encoding.ASCII.GetBytes("12345678901234567890");

    /// <param name="unixSeconds">The "Time (sec)" column.</param>
    /// <param name="step">The "Value of T (hex)" column.</param>
    /// <param name="rfcCode">The 8-digit "TOTP" column.</param>
    [Theory]
    [InlineData(59L, 0x0000000000000001L, "94287082")]
    [InlineData(1111111109L, 0x00000000023523ECL, "07081804")]
    [InlineData(1111111111L, 0x00000000023523EDL, "14050471")]
    [InlineData(1234567890L, 0x000000000273EF07L, "89005924")]
    [InlineData(2000000000L, 0x0000000003F940AAL, "69279037")]
    [InlineData(20000000000L, 0x0000000027BC86AAL, "65353130")]
    public void Sha1Row_MatchesRfc(long unixSeconds, long step, string rfcCode)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        string expectedCode = rfcCode[^TotpVerifier.Digits..];
        var verifier = new TotpVerifier(new FakeTimeProvider(time), window: 0);

        Assert.Equal(step, TotpVerifier.StepAt(time));
        Assert.Equal(expectedCode, TotpVerifier.ComputeCode(Seed, step));
        Assert.Equal(step, verifier.Verify(Seed, expectedCode));
    }
}

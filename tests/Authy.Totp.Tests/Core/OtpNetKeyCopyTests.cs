using System.Text;
using OtpNet;

namespace Authy.Totp.Tests.Core;

/// <summary>
/// TotpVerifier zeroes the seed copy it passes to Otp.NET right after use. That is safe only because
/// Otp.NET keeps a copy of its own, which this test pins for the version in use.
/// </summary>
public sealed class OtpNetKeyCopyTests
{
    [Fact]
    public void Totp_KeepsOwnCopyOfKey()
    {
        byte[] key = Encoding.ASCII.GetBytes("12345678901234567890");
        var totp = new OtpNet.Totp(key, 30, OtpHashMode.Sha1, 6);
        var time = DateTime.UnixEpoch.AddSeconds(59);
        string before = totp.ComputeTotp(time);

        Array.Clear(key);

        Assert.Equal("287082", before);
        Assert.Equal(before, totp.ComputeTotp(time));
    }
}

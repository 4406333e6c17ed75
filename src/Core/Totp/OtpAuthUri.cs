using OtpNet;

namespace Authy.Totp.Totp;

/// <summary>
/// The otpauth URI that authenticator apps read from a QR code.
/// </summary>
/// <remarks>
/// Format from the Google Authenticator "Key Uri Format":
/// <c>otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&amp;issuer=ISSUER</c>. The algorithm, digits and
/// period parameters are left out on purpose: their defaults (SHA1, 6, 30) are the only values the
/// Authy app honours.
/// </remarks>
public static class OtpAuthUri
{
    /// <summary>Builds the URI for an account named <c>USER@HOST</c>.</summary>
    public static string Build(string issuer, string user, string host, ReadOnlySpan<byte> seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(host);

        string secret = Base32Encoding.ToString(seed.ToArray()).TrimEnd('=');
        string label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(user + "@" + host);
        return $"otpauth://totp/{label}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}";
    }
}

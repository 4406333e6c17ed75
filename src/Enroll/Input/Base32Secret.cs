using Authy.Enroll.Cli;
using OtpNet;

namespace Authy.Enroll.Input;

/// <summary>
/// Parses the <c>--secret</c> value: RFC 4648 base32, case-insensitive, with spaces and trailing '='
/// padding ignored.
/// </summary>
/// <remarks>
/// Error messages describe the problem but never repeat the value, because it is a secret.
/// </remarks>
internal static class Base32Secret
{
    /// <summary>16 characters, 80 bits: the shortest secret accepted.</summary>
    public const int MinCharacters = 16;

    /// <summary>128 characters, 640 bits. Longer secrets make the terminal QR code too large to scan.</summary>
    public const int MaxCharacters = 128;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Decodes the secret into a new buffer that the caller must zero after use.</summary>
    public static byte[] Parse(string value)
    {
        string compact = value.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        if (compact.Any(c => !Alphabet.Contains(c)))
        {
            throw CliException.Usage(
                "--secret contains characters that are not base32; use only the letters A-Z and the digits 2-7 " +
                "(spaces and trailing '=' padding are ignored)");
        }

        if (compact.Length < MinCharacters)
        {
            throw CliException.Usage(
                $"--secret has {compact.Length} base32 characters ({compact.Length * 5} bits); " +
                $"use at least {MinCharacters} characters (80 bits), or leave it out to generate 160 bits");
        }

        if (compact.Length > MaxCharacters)
        {
            throw CliException.Usage(
                $"--secret has {compact.Length} base32 characters; use at most {MaxCharacters} (640 bits)");
        }

        return Base32Encoding.ToBytes(compact);
    }
}

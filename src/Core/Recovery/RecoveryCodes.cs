using System.Security.Cryptography;
using System.Text;
using Authy.Totp.Crypto;
using Konscious.Security.Cryptography;

namespace Authy.Totp.Recovery;

/// <summary>
/// Single-use recovery codes: 10 random decimal digits each, shown as <c>12345-67890</c>, accepted at
/// the prompt in place of a TOTP code. The 8-digit scratch codes of google-authenticator-libpam are
/// imported as recovery codes too.
/// </summary>
/// <remarks>
/// Only Argon2id (RFC 9106) hashes are stored, under one random salt per user, so a login hashes the
/// typed code once and looks the hash up. The parameters are those of <see cref="KdfParameters.Default"/>.
/// They are not stored with the hashes, so changing <see cref="HashParameters"/> invalidates every
/// issued code. 10 digits carry about 33 bits: the lockout limits online guessing, and the Argon2id
/// cost slows guessing from a stolen database.
/// </remarks>
public static class RecoveryCodes
{
    public const int Count = 10;
    public const int Digits = 10;

    /// <summary>Length of the scratch codes imported from a <c>~/.google_authenticator</c> file.</summary>
    public const int ImportedDigits = 8;
    public const int HashLength = 32;

    public static KdfParameters HashParameters => KdfParameters.Default;

    /// <summary>Generates <see cref="Count"/> codes from <see cref="RandomNumberGenerator"/>, as 10 digits each.</summary>
    public static string[] Generate()
    {
        var codes = new string[Count];
        for (int i = 0; i < Count; i++)
        {
            codes[i] = RandomNumberGenerator.GetString("0123456789", Digits);
        }

        return codes;
    }

    /// <summary>Formats 10 digits in two groups of five, the way they are shown to the user.</summary>
    public static string Format(string digits) => $"{digits[..5]}-{digits[5..]}";

    /// <summary>Returns true for exactly <see cref="Digits"/> or <see cref="ImportedDigits"/> ASCII digits.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> code) =>
        code.Length is (Digits or ImportedDigits) && !code.ContainsAnyExceptInRange('0', '9');

    /// <summary>Hashes a well-formed code (digits only) with the user's salt.</summary>
    public static byte[] Hash(ReadOnlySpan<char> digits, ReadOnlySpan<byte> salt)
    {
        if (!IsWellFormed(digits))
        {
            throw new ArgumentException(
                $"a recovery code is {Digits} or {ImportedDigits} ASCII digits", nameof(digits));
        }

        byte[] password = new byte[digits.Length];
        try
        {
            Encoding.ASCII.GetBytes(digits, password);
            using var argon2 = new Argon2id(password)
            {
                Salt = salt.ToArray(),
                MemorySize = HashParameters.MemoryKiB,
                Iterations = HashParameters.Iterations,
                DegreeOfParallelism = HashParameters.Parallelism,
            };
            return argon2.GetBytes(HashLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }
}

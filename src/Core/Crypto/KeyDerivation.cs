using System.Security.Cryptography;
using Konscious.Security.Cryptography;

namespace Authy.Totp.Crypto;

/// <summary>
/// Derives the 256-bit seed-encryption key from the host key with Argon2id (RFC 9106).
/// </summary>
public static class KeyDerivation
{
    public const int KeyLength = 32;

    /// <summary>Returns a new key buffer that the caller must zero after use.</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> hostKey, ReadOnlySpan<byte> salt, KdfParameters parameters)
    {
        parameters.Validate();

        // Konscious.Security.Cryptography.Argon2 keeps a reference to this array, not a copy, so it is
        // zeroed once GetBytes has returned. NOTE: the library's Argon2 block memory, derived from the
        // host key, is out of reach here and stays in the heap until the garbage collector reuses it.
        byte[] password = hostKey.ToArray();
        try
        {
            using var argon2 = new Argon2id(password)
            {
                Salt = salt.ToArray(),
                MemorySize = parameters.MemoryKiB,
                Iterations = parameters.Iterations,
                DegreeOfParallelism = parameters.Parallelism,
            };
            return argon2.GetBytes(KeyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Authy.Totp.Crypto;

/// <summary>
/// AES-256-GCM encryption of TOTP seeds. The user name is authenticated as associated data, so a
/// row copied onto another user's row fails to decrypt instead of granting that user's codes.
/// </summary>
public static class SeedCipher
{
    public const int NonceLength = 12;
    public const int TagLength = 16;

    public static EncryptedSeed Encrypt(ReadOnlySpan<byte> key, string user, ReadOnlySpan<byte> seed)
    {
        byte[] nonce = RandomNumberGenerator.GetBytes(NonceLength);
        byte[] ciphertext = new byte[seed.Length];
        byte[] tag = new byte[TagLength];
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, seed, ciphertext, tag, AssociatedData(user));
        return new EncryptedSeed(nonce, ciphertext, tag);
    }

    /// <summary>
    /// Decrypts a seed into a new buffer that the caller must zero, or returns null when the key is
    /// wrong or the row was altered.
    /// </summary>
    public static byte[]? Decrypt(ReadOnlySpan<byte> key, string user, EncryptedSeed encrypted)
    {
        if (encrypted.Nonce.Length != NonceLength || encrypted.Tag.Length != TagLength)
        {
            return null;
        }

        byte[] seed = new byte[encrypted.Ciphertext.Length];
        using var aes = new AesGcm(key, TagLength);
        try
        {
            aes.Decrypt(encrypted.Nonce, encrypted.Ciphertext, encrypted.Tag, seed, AssociatedData(user));
            return seed;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(seed);
            return null;
        }
    }

    private static byte[] AssociatedData(string user) => Encoding.UTF8.GetBytes("pam_authy seed v1\0" + user);
}

/// <summary>An AES-GCM nonce, ciphertext and tag as stored in one database row.</summary>
public sealed record EncryptedSeed(byte[] Nonce, byte[] Ciphertext, byte[] Tag);

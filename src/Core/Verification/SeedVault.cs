using System.Security.Cryptography;
using Authy.Totp.Crypto;
using Authy.Totp.Store;

namespace Authy.Totp.Verification;

/// <summary>
/// Encrypts and decrypts users' seeds with the key derived from the host key file.
/// </summary>
public static class SeedVault
{
    /// <summary>Reads the host key and derives the seed-encryption key for <paramref name="store"/>.</summary>
    /// <returns>A new key buffer that the caller must zero after use.</returns>
    public static byte[] DeriveKey(SecretStore store, string keyFilePath)
    {
        byte[] hostKey = HostKey.Read(keyFilePath);
        try
        {
            return store.DeriveKey(hostKey, keyFilePath);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hostKey);
        }
    }

    /// <summary>Decrypts a user's seed into a new buffer that the caller must zero after use.</summary>
    /// <exception cref="SetupException">The key file does not match, or the row was altered.</exception>
    public static byte[] DecryptSeed(SecretStore store, string keyFilePath, UserRecord user)
    {
        byte[] key = DeriveKey(store, keyFilePath);
        try
        {
            return SeedCipher.Decrypt(key, user.Name, user.Seed)
                ?? throw new SetupException(
                    $"seed of user '{user.Name}' in database {store.Path} failed to decrypt because the row " +
                    "was altered; enroll the user again with 'authy-enroll enroll --force'");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

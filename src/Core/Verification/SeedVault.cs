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
    public static byte[] DecryptSeed(SecretStore store, string keyFilePath, UserRecord user) =>
        DecryptSeed(store.ReadKdf(), keyFilePath, store.Path, user);

    /// <summary>
    /// Decrypts a user's seed with settings read earlier, without touching the database connection, so
    /// that the Argon2id work can run on another thread.
    /// </summary>
    public static byte[] DecryptSeed(KdfSettings kdf, string keyFilePath, string databasePath, UserRecord user)
    {
        byte[] hostKey = HostKey.Read(keyFilePath);
        byte[] key;
        try
        {
            key = SecretStore.DeriveKey(kdf, hostKey, keyFilePath, databasePath);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hostKey);
        }

        try
        {
            return SeedCipher.Decrypt(key, user.Name, user.Seed)
                ?? throw new SetupException(
                    $"seed of user '{user.Name}' in database {databasePath} failed to decrypt because the row " +
                    "was altered; enroll the user again with 'authy-enroll enroll --force'");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

using System.Security.Cryptography;
using Authy.Totp.Crypto;
using Authy.Totp.Store;
using Authy.Totp.Tests.TestSupport;
using Authy.Totp.Verification;

namespace Authy.Totp.Tests.Core;

/// <summary>
/// A host key file and a new database in a temporary directory, created with cheap Argon2id
/// parameters so that tests which derive many keys stay fast.
/// </summary>
public sealed class TempStore : IDisposable
{
    /// <summary>256 KiB, 1 pass, 1 lane: far below <see cref="KdfParameters.Default"/>, for tests only.</summary>
    public static readonly KdfParameters CheapKdf = new(256, 1, 1);

    private readonly TempDirectory directory = new();

    public TempStore()
    {
        HostKey.Create(KeyFilePath);
        byte[] hostKey = HostKey.Read(KeyFilePath);
        try
        {
            SecretStore.Create(DatabasePath, hostKey, CheapKdf);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hostKey);
        }
    }

    public string Root => directory.Path;

    public string KeyFilePath => directory.File("master.key");

    public string DatabasePath => directory.File("secrets.db");

    public string File(string name) => directory.File(name);

    public SecretStore Open() => SecretStore.Open(DatabasePath);

    /// <summary>Stores <paramref name="seed"/> for <paramref name="user"/> with no step used yet.</summary>
    public void Enroll(SecretStore store, string user, byte[] seed, DateTimeOffset now)
    {
        byte[] key = SeedVault.DeriveKey(store, KeyFilePath);
        try
        {
            Assert.True(store.PutUser(user, SeedCipher.Encrypt(key, user, seed), -1, now, replace: true));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Dispose() => directory.Dispose();
}

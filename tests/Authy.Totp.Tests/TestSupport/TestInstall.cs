using System.Security.Cryptography;
using Authy.Totp.Crypto;
using Authy.Totp.Store;
using Authy.Totp.Verification;
using OtpNet;

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// A complete pam_authy installation in a temporary directory: config file, host key and database,
/// created through the core library with the default Argon2id parameters.
/// </summary>
public sealed class TestInstall : IDisposable
{
    private readonly TempDirectory directory = new();

    public TestInstall(string extraConfig = "")
    {
        System.IO.File.WriteAllText(ConfigPath, $"database = {DatabasePath}\nkey_file = {KeyFilePath}\n{extraConfig}");
        HostKey.Create(KeyFilePath);
        byte[] hostKey = HostKey.Read(KeyFilePath);
        SecretStore.Create(DatabasePath, hostKey, KdfParameters.Default);
        CryptographicOperations.ZeroMemory(hostKey);
    }

    public string Root => directory.Path;

    public string ConfigPath => directory.File("pam_authy.conf");

    public string KeyFilePath => directory.File("master.key");

    public string DatabasePath => directory.File("secrets.db");

    public string File(string name) => directory.File(name);

    /// <summary>Enrolls <paramref name="user"/> with a new random seed and returns the seed in base32.</summary>
    public string Enroll(string user) => Enroll(user, RandomNumberGenerator.GetBytes(20));

    public string Enroll(string user, byte[] seed)
    {
        using var store = SecretStore.Open(DatabasePath);
        byte[] key = SeedVault.DeriveKey(store, KeyFilePath);
        store.PutUser(user, SeedCipher.Encrypt(key, user, seed), -1, DateTimeOffset.UtcNow, replace: true);
        CryptographicOperations.ZeroMemory(key);
        return Base32Encoding.ToString(seed).TrimEnd('=');
    }

    public void Dispose() => directory.Dispose();
}

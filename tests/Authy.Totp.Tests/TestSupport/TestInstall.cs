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

    /// <param name="extraConfig">Config lines to append; <c>{root}</c> in them stands for the install directory.</param>
    public TestInstall(string extraConfig = "")
    {
        string extra = extraConfig.Replace("{root}", directory.Path);
        System.IO.File.WriteAllText(ConfigPath, $"database = {DatabasePath}\nkey_file = {KeyFilePath}\n{extra}");
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

    /// <summary>Stores an Authy ID for push, SMS and online tokens.</summary>
    public void SetAuthyId(string user, long authyId)
    {
        using var store = SecretStore.Open(DatabasePath);
        store.PutAuthyId(user, authyId);
    }

    /// <summary>Writes the API key file, owned by root with mode 0600 unless another mode is given.</summary>
    public string WriteApiKey(string key, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string path = File("api.key");
        System.IO.File.WriteAllText(path, key + "\n");
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    public void Dispose() => directory.Dispose();
}

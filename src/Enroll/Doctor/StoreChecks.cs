using System.Security.Cryptography;
using Authy.Totp;
using Authy.Totp.Api;
using Authy.Totp.Config;
using Authy.Totp.Store;
using Authy.Totp.Verification;

namespace Authy.Enroll.Doctor;

/// <summary>Checks the config file, the key file, the database, the API key file and one user's enrollment.</summary>
internal static class StoreChecks
{
    public static DoctorResult CheckConfigFile(string path, out AuthyConfig? config)
    {
        config = null;
        DoctorResult owner = FileModes.CheckOwnerAndMode("config-file", "config file", path, FileModes.GroupOrOtherWrite, "644");
        if (owner.Status == DoctorStatus.Fail)
        {
            return owner;
        }

        try
        {
            config = AuthyConfig.Load(path);
        }
        catch (SetupException e)
        {
            return DoctorResult.FromSetupError("config-file", e.Message, $"fix {path}; contrib/pam_authy.conf describes every setting");
        }

        return owner;
    }

    public static DoctorResult CheckKeyFile(AuthyConfig config) =>
        FileModes.CheckOwnerAndMode("key-file", "key file", config.KeyFilePath, FileModes.GroupOrOtherAccess, "600");

    public static DoctorResult CheckDatabaseFile(AuthyConfig config) =>
        FileModes.CheckOwnerAndMode("database-file", "database", config.DatabasePath, FileModes.GroupOrOtherAccess, "600");

    /// <summary>Opens the database and derives the seed-encryption key, which fails unless the key file matches.</summary>
    public static DoctorResult CheckDatabase(AuthyConfig config)
    {
        const string check = "database";
        try
        {
            using SecretStore store = SecretStore.Open(config.DatabasePath);
            byte[] key = SeedVault.DeriveKey(store, config.KeyFilePath);
            CryptographicOperations.ZeroMemory(key);
            int users = store.ListUsers().Count;
            return DoctorResult.Ok(check,
                $"database {config.DatabasePath} opens, key file {config.KeyFilePath} matches it, {users} user(s) enrolled");
        }
        catch (SetupException e)
        {
            return DoctorResult.FromSetupError(check, e.Message, "restore the key file and the database from the same backup");
        }
    }

    /// <summary>
    /// Checks the API key file. A missing file is a warning, because push, SMS and Authy tokens are optional.
    /// Returns the key when it can be used.
    /// </summary>
    public static DoctorResult CheckApiKeyFile(AuthyConfig config, out string? apiKey)
    {
        const string check = "api-key-file";
        apiKey = null;
        string path = config.ApiKeyFilePath;
        if (!File.Exists(path))
        {
            return DoctorResult.Warn(check, $"API key file {path} not found, so push, SMS and Authy tokens are off",
                "nothing to do for offline codes; to use the Authy API, write its key there with mode 0600");
        }

        try
        {
            apiKey = ApiKeyFile.Read(path);
        }
        catch (SetupException e)
        {
            return DoctorResult.FromSetupError(check, e.Message, $"chown root:root {path} && chmod 600 {path}");
        }

        return DoctorResult.Ok(check, $"API key file {path} is owned by root and readable by root only");
    }

    /// <summary>Checks that <paramref name="user"/> has an offline secret that decrypts, and an Authy ID.</summary>
    public static IEnumerable<DoctorResult> CheckUser(AuthyConfig config, string user)
    {
        UserRecord? record;
        long? authyId;
        try
        {
            using SecretStore store = SecretStore.Open(config.DatabasePath);
            record = store.FindUser(user);
            authyId = store.FindAuthyId(user);
            if (record is not null)
            {
                byte[] seed = SeedVault.DecryptSeed(store, config.KeyFilePath, record);
                CryptographicOperations.ZeroMemory(seed);
            }
        }
        catch (SetupException e)
        {
            return [DoctorResult.FromSetupError("user", e.Message, $"enroll {user} again with 'authy-enroll enroll {user} --force'")];
        }

        if (record is null && authyId is null)
        {
            return [DoctorResult.Fail("user", $"user {user} is not enrolled", $"run 'authy-enroll enroll {user}'")];
        }

        DoctorResult enrolled = record is not null
            ? DoctorResult.Ok("user", $"user {user} has an offline secret that decrypts")
            : DoctorResult.Warn("user", $"user {user} has only an Authy ID, so each login needs the Authy API",
                $"run 'authy-enroll enroll {user}' to add an offline secret");
        DoctorResult id = authyId is null
            ? DoctorResult.Warn("user-authy-id", $"user {user} has no Authy ID, so push and SMS are off for that user",
                $"run 'authy-enroll authy-id {user} ID' if the user should get pushes")
            : DoctorResult.Ok("user-authy-id", $"user {user} has Authy ID {authyId}");
        return [enrolled, id];
    }
}

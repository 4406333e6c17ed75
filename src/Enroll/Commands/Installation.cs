using Authy.Enroll.Cli;
using Authy.Totp.Config;
using Authy.Totp.Security;
using Authy.Totp.Store;
using Authy.Totp.Verification;

namespace Authy.Enroll.Commands;

/// <summary>Opens the files named in the configuration, checking first that the caller may access them.</summary>
internal static class Installation
{
    /// <param name="warnAboutUnsafeFiles">
    /// False for init, which creates the files and warns about the key file itself.
    /// </param>
    public static AuthyConfig LoadConfig(string path, bool warnAboutUnsafeFiles = true)
    {
        RootAccess.Require(path, "config file", write: false);
        AuthyConfig config = AuthyConfig.Load(path);

        // Without root the checks cannot read every directory, and the command fails on access anyway.
        if (warnAboutUnsafeFiles && Environment.IsPrivilegedProcess)
        {
            WarnAboutUnsafeFiles(path, config);
        }

        return config;
    }

    /// <summary>
    /// Warns about each file that the PAM helper would reject as unsafe (see <see cref="StrictFiles"/>),
    /// so the administrator learns of it before a login fails. The command itself goes on. The API key
    /// file is left to the commands that read it, which report an unsafe one as an error.
    /// </summary>
    private static void WarnAboutUnsafeFiles(string configPath, AuthyConfig config)
    {
        foreach (string problem in InstallationFiles.FindProblems(configPath, config))
        {
            Messages.Warning($"{problem}; logins fail until then");
        }
    }

    public static SecretStore OpenStore(AuthyConfig config)
    {
        RootAccess.Require(config.DatabasePath, "database", write: true);
        return SecretStore.Open(config.DatabasePath);
    }

    /// <summary>Derives the seed-encryption key into a new buffer that the caller must zero after use.</summary>
    /// <exception cref="Authy.Totp.SetupException">The key file is missing or does not match the database.</exception>
    public static byte[] DeriveKey(SecretStore store, AuthyConfig config)
    {
        RootAccess.Require(config.KeyFilePath, "key file", write: false);
        return SeedVault.DeriveKey(store, config.KeyFilePath);
    }
}

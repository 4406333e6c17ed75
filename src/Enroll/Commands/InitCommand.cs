using System.CommandLine;
using System.Security.Cryptography;
using Authy.Enroll.Cli;
using Authy.Totp.Config;
using Authy.Totp.Crypto;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll init</c>: creates the key file and the database named in the configuration, and checks
/// them when they exist. Running it again changes nothing.
/// </summary>
internal static class InitCommand
{
    private const UnixFileMode PrivateDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0755: the database file itself is 0600, and SQLite gives its -wal and -shm files that mode.</summary>
    private const UnixFileMode PublicDirectory = PrivateDirectory |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode GroupOrOtherAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static Command Create(Option<string> configOption)
    {
        var command = new Command("init", "Create the key file and the database if they are missing");
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption)));
        return command;
    }

    private static int Run(string configPath)
    {
        AuthyConfig config = Installation.LoadConfig(configPath, warnAboutUnsafeFiles: false);
        string keyFile = config.KeyFilePath;
        string database = config.DatabasePath;
        RootAccess.Require(keyFile, "key file", write: false);
        RootAccess.Require(database, "database", write: true);
        if (File.Exists(database) && !File.Exists(keyFile))
        {
            throw CliException.Failure(
                $"database {database} exists but key file {keyFile} is missing; restore the key file from backup, " +
                "because a new key cannot decrypt the stored seeds");
        }

        EnsureDirectory(Path.GetDirectoryName(keyFile)!, PrivateDirectory);
        EnsureKeyFile(keyFile);
        EnsureDirectory(Path.GetDirectoryName(database)!, PublicDirectory);
        EnsureDatabase(database, keyFile);
        return ExitCodes.Success;
    }

    private static void EnsureDirectory(string directory, UnixFileMode mode)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory, mode);
        Console.WriteLine($"created directory {directory}");
    }

    private static void EnsureKeyFile(string keyFile)
    {
        if (!File.Exists(keyFile))
        {
            HostKey.Create(keyFile);
            Console.WriteLine($"created key file {keyFile}");
            return;
        }

        // Reading checks the length. The key itself is not needed here.
        CryptographicOperations.ZeroMemory(HostKey.Read(keyFile));
        Console.WriteLine($"found key file {keyFile}");
        UnixFileMode mode = File.GetUnixFileMode(keyFile);
        if ((mode & GroupOrOtherAccess) != 0)
        {
            Messages.Warning(
                $"key file {keyFile} has mode {Octal(mode)}, so other users may read it; run 'chmod 600 {keyFile}'");
        }
    }

    private static void EnsureDatabase(string database, string keyFile)
    {
        byte[] hostKey = HostKey.Read(keyFile);
        try
        {
            if (File.Exists(database))
            {
                using SecretStore store = SecretStore.Open(database);
                CryptographicOperations.ZeroMemory(store.DeriveKey(hostKey, keyFile));
                Console.WriteLine($"found database {database}; it matches the key file");
                return;
            }

            SecretStore.Create(database, hostKey, KdfParameters.Default);
            Console.WriteLine($"created database {database}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hostKey);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}

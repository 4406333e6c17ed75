using Authy.Totp.Store;
using Authy.Totp.Verification;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// A temporary directory with a config file whose database and key file lie inside it, in
/// subdirectories that <c>authy-enroll init</c> creates. Removed with everything in it on Dispose.
/// </summary>
internal sealed class EnrollSandbox : IDisposable
{
    public const string Issuer = "Example Co";

    public EnrollSandbox(int window = 1)
    {
        Root = Directory.CreateTempSubdirectory("authy-enroll-test-").FullName;
        ConfigPath = Path.Combine(Root, "pam_authy.conf");
        KeyFilePath = Path.Combine(Root, "keys", "master.key");
        DatabasePath = Path.Combine(Root, "db", "secrets.db");
        File.WriteAllText(
            ConfigPath,
            $"database = {DatabasePath}\nkey_file = {KeyFilePath}\nissuer = {Issuer}\nwindow = {window}\n");
    }

    public string Root { get; }

    public string ConfigPath { get; }

    public string KeyFilePath { get; }

    public string DatabasePath { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Runs <c>authy-enroll ARGS --config CONFIG</c> with empty standard input.</summary>
    public CliResult Run(params string[] arguments) => RunWithInput("", arguments);

    /// <summary>Runs <c>authy-enroll ARGS --config CONFIG</c> with <paramref name="input"/> as stdin.</summary>
    public CliResult RunWithInput(string input, params string[] arguments) =>
        CliProcess.Run([.. arguments, "--config", ConfigPath], input);

    /// <summary>
    /// Returns a sandbox on which <c>init</c> succeeded. A failed init removes the directory before the
    /// assertion propagates, because xunit does not dispose a test class whose constructor throws.
    /// </summary>
    public static EnrollSandbox CreateInitialized(int window = 1)
    {
        var sandbox = new EnrollSandbox(window);
        try
        {
            sandbox.Init();
            return sandbox;
        }
        catch
        {
            sandbox.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>init</c> and fails the test unless it succeeds.</summary>
    public void Init()
    {
        CliResult result = Run("init");
        Assert.True(result.ExitCode == 0, $"init failed: {result}");
    }

    /// <summary>Starts <c>enroll</c> for a test that reads the URI before it answers the prompt.</summary>
    public EnrollSession StartEnroll(params string[] arguments) =>
        new([.. arguments, "--config", ConfigPath]);

    /// <summary>Enrolls with --no-confirm and fails the test unless that succeeds.</summary>
    public CliResult EnrollWithoutConfirmation(string user, params string[] arguments)
    {
        CliResult result = Run(["enroll", user, "--no-confirm", .. arguments]);
        Assert.True(result.ExitCode == 0, $"enroll failed: {result}");
        return result;
    }

    public IReadOnlyList<UserRecord> ReadUsers()
    {
        using SecretStore store = SecretStore.Open(DatabasePath);
        return store.ListUsers();
    }

    public UserRecord? FindUser(string user)
    {
        using SecretStore store = SecretStore.Open(DatabasePath);
        return store.FindUser(user);
    }

    /// <summary>Decrypts a stored seed with the core library, as the PAM module would.</summary>
    public byte[] DecryptSeed(string user)
    {
        using SecretStore store = SecretStore.Open(DatabasePath);
        UserRecord record = store.FindUser(user) ?? throw new InvalidOperationException($"{user} is not stored");
        return SeedVault.DecryptSeed(store, KeyFilePath, record);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process killed after a timeout may still have a file open. /tmp is cleaned anyway.
        }
    }
}

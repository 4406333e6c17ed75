using Authy.Totp.Security;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// The import-legacy command, reading a legacy layout (<c>users/USERNAME</c> files and <c>api.key</c>) built in the
/// sandbox. The configured api_key_file lies outside the legacy directory.
/// </summary>
public sealed class ImportLegacyTests : IDisposable
{
    private const string ApiKey = "legacy-api-key-3f9a61c0";
    private const UnixFileMode OwnerReadWrite = SandboxOnlineSettings.OwnerReadWrite;

    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();
    private readonly string legacy;
    private readonly string users;
    private readonly string sourceKey;
    private readonly string targetKey;

    public ImportLegacyTests()
    {
        legacy = sandbox.PathOf("legacy");
        users = Path.Combine(legacy, "users");
        sourceKey = Path.Combine(legacy, "api.key");
        targetKey = sandbox.ApiKeyFilePath();
        try
        {
            // import-legacy sends no requests, so this URL is never contacted.
            sandbox.AddApiSettings(new Uri("http://127.0.0.1:9/"));
            Directory.CreateDirectory(users);
            SandboxOnlineSettings.WriteFile(sourceKey, ApiKey + "\n", OwnerReadWrite);
            WriteUser("alice", "1001\n");
            WriteUser("bob", "1002");
            WriteUser("carol", "  1003 \n\n");
        }
        catch
        {
            // xunit does not dispose a test class whose constructor throws.
            sandbox.Dispose();
            throw;
        }
    }

    [Fact]
    public void ImportStoresUsersAndKey()
    {
        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            $"Authy IDs: read 3 user files from {users}: 3 added, 0 replaced, 0 already present.\n" +
            $"API key: copied {sourceKey} to {targetKey} with owner root and mode 0600.\n",
            result.Output);
        Assert.Equal("", result.Error);
        Assert.Equal([("alice", 1001L), ("bob", 1002L), ("carol", 1003L)], sandbox.ReadAuthyIds());
        Assert.Equal(ApiKey + "\n", File.ReadAllText(targetKey));
        FileStatus status = FileStatus.Read(targetKey);
        Assert.Equal(0u, status.OwnerId);
        Assert.Equal(OwnerReadWrite, status.Mode);
        Assert.Empty(Directory.GetFiles(sandbox.Root, "*.tmp"));
    }

    [Fact]
    public void ImportInvalidFileImportsNothing()
    {
        WriteUser("dave", "not-an-id\n");
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult failed = Import();

        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("", failed.Output);
        Assert.Equal(2, failed.ErrorLines.Length);
        Assert.Equal(
            $"authy-enroll: {Path.Combine(users, "dave")} contains 'not-an-id', which is not an Authy ID; the file " +
            "must contain only the user's Authy ID, a whole number from 1 to 9007199254740992",
            failed.ErrorLines[0]);
        Assert.Equal(
            "authy-enroll: 1 legacy file is invalid, so nothing was imported; fix or remove them, then run " +
            $"'authy-enroll import-legacy {legacy}' again",
            failed.ErrorLines[1]);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
        Assert.False(File.Exists(targetKey), "the API key was copied although the import failed");

        WriteUser("dave", "1004\n");
        CliResult fixedRun = Import();

        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.Contains("read 4 user files", fixedRun.Output);
        Assert.Contains("4 added, 0 replaced, 0 already present", fixedRun.Output);
        Assert.Equal(
            [("alice", 1001L), ("bob", 1002L), ("carol", 1003L), ("dave", 1004L)], sandbox.ReadAuthyIds());
        Assert.Equal(ApiKey + "\n", File.ReadAllText(targetKey));
    }

    [Fact]
    public void ImportListsEveryInvalidFile()
    {
        WriteUser("dave", "");
        WriteUser("eve", "0");
        WriteUser("frank", "12 34");
        WriteUser("grace", "9007199254740993");
        WriteUser("bad name", "1005");
        WriteUser("heidi", new string('1', 65));
        Directory.CreateDirectory(Path.Combine(users, "ivan"));
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = Import();

        Assert.Equal(1, result.ExitCode);
        string[] errors = result.ErrorLines;
        Assert.Equal(8, errors.Length);
        Assert.StartsWith(ErrorAbout("bad name") + "is not named after a valid login name: " +
            "user name 'bad name' is invalid because it contains the whitespace character U+0020", errors[0]);
        Assert.StartsWith(ErrorAbout("dave") + "is empty;", errors[1]);
        Assert.StartsWith(ErrorAbout("eve") + "contains '0', which is not an Authy ID", errors[2]);
        Assert.StartsWith(ErrorAbout("frank") + "contains '12 34'", errors[3]);
        Assert.StartsWith(ErrorAbout("grace") + "contains '9007199254740993'", errors[4]);
        Assert.StartsWith(ErrorAbout("heidi") + "is 65 bytes, too long", errors[5]);
        Assert.StartsWith(ErrorAbout("ivan") + "is a directory", errors[6]);
        Assert.StartsWith("authy-enroll: 7 legacy files are invalid, so nothing was imported", errors[7]);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
        Assert.False(File.Exists(targetKey));
    }

    [Fact]
    public void ImportInvalidKeyImportsNothing()
    {
        const string secondLine = "second-line-7d2e";
        SandboxOnlineSettings.WriteFile(sourceKey, $"{ApiKey}\n{secondLine}\n", OwnerReadWrite);
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = Import();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Length);
        string keyError = result.ErrorLines[0];
        Assert.StartsWith($"authy-enroll: {sourceKey} must contain the API key alone on one line", keyError);
        Assert.StartsWith("authy-enroll: 1 legacy file is invalid, so nothing was imported", result.ErrorLines[1]);
        Assert.DoesNotContain(ApiKey, result.Error);
        Assert.DoesNotContain(secondLine, result.Error);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
        Assert.False(File.Exists(targetKey));
    }

    [Fact]
    public void ImportTwiceChangesNothing()
    {
        CliResult first = Import();
        Assert.True(first.ExitCode == 0, first.ToString());
        byte[] database = File.ReadAllBytes(sandbox.DatabasePath);
        DateTime keyWritten = File.GetLastWriteTimeUtc(targetKey);

        CliResult second = Import();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(
            $"Authy IDs: read 3 user files from {users}: 0 added, 0 replaced, 3 already present.\n" +
            $"API key: {targetKey} already contains the key from {sourceKey}; left unchanged.\n",
            second.Output);
        Assert.Equal("", second.Error);
        Assert.Equal(database, File.ReadAllBytes(sandbox.DatabasePath));
        Assert.Equal(keyWritten, File.GetLastWriteTimeUtc(targetKey));
        Assert.Equal(ApiKey + "\n", File.ReadAllText(targetKey));
    }

    [Fact]
    public void ImportReplacesChangedId()
    {
        sandbox.StoreAuthyId("alice", 999);
        sandbox.StoreAuthyId("bob", 1002);
        sandbox.StoreAuthyId("zoe", 2000);

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("read 3 user files", result.Output);
        Assert.Contains("1 added, 1 replaced, 1 already present", result.Output);
        string note = Assert.Single(result.ErrorLines);
        Assert.Equal("authy-enroll: note: user 'alice' had Authy ID 999, which is now replaced by 1001", note);
        Assert.Equal(
            [("alice", 1001L), ("bob", 1002L), ("carol", 1003L), ("zoe", 2000L)], sandbox.ReadAuthyIds());
    }

    [Fact]
    public void ImportKeepsSeeds()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        byte[] seed = sandbox.DecryptSeed("alice");

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(seed, sandbox.DecryptSeed("alice"));
        Assert.Equal(1001, sandbox.ReadAuthyId("alice"));
    }

    [Fact]
    public void ImportWarnsAboutReadableKey()
    {
        File.SetUnixFileMode(sourceKey, OwnerReadWrite | UnixFileMode.GroupRead);

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        string warning = Assert.Single(result.ErrorLines);
        Assert.Equal(
            $"authy-enroll: warning: API key file {sourceKey} has owner uid 0 and mode 0640, which lets users other " +
            $"than root read or change the key; run 'chmod 600 {sourceKey}'",
            warning);
        Assert.Contains($"API key: copied {sourceKey} to {targetKey}", result.Output);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(targetKey));
        Assert.Equal(ApiKey + "\n", File.ReadAllText(targetKey));
    }

    [Fact]
    public void ImportReplacesDifferentKey()
    {
        SandboxOnlineSettings.WriteFile(targetKey, "older-api-key-51b7\n", OwnerReadWrite | UnixFileMode.OtherRead);

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        string note = Assert.Single(result.ErrorLines);
        Assert.Equal(
            $"authy-enroll: note: API key file {targetKey} contained a different key, which is now replaced", note);
        Assert.Equal(ApiKey + "\n", File.ReadAllText(targetKey));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(targetKey));
    }

    [Fact]
    public void ImportCreatesKeyDirectory()
    {
        string keyDirectory = sandbox.PathOf("etc-authy");
        string nestedKey = Path.Combine(keyDirectory, "api.key");
        string config = File.ReadAllText(sandbox.ConfigPath).Replace(
            $"api_key_file = {targetKey}", $"api_key_file = {nestedKey}");
        File.WriteAllText(sandbox.ConfigPath, config);

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"created directory {keyDirectory}\n", result.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(keyDirectory));
        Assert.Equal(ApiKey + "\n", File.ReadAllText(nestedKey));
    }

    [Fact]
    public void ImportSameKeyFileLeftInPlace()
    {
        string config = File.ReadAllText(sandbox.ConfigPath).Replace(
            $"api_key_file = {targetKey}", $"api_key_file = {sourceKey}");
        File.WriteAllText(sandbox.ConfigPath, config);

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"API key: {sourceKey} is the configured api_key_file; left unchanged.", result.Output);
        Assert.Equal(ApiKey + "\n", File.ReadAllText(sourceKey));
        Assert.Equal(3, sandbox.ReadAuthyIds().Count);
    }

    [Fact]
    public void ImportWithoutKeyWarns()
    {
        File.Delete(sourceKey);

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 added", result.Output);
        string warning = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: warning: no API key imported because {sourceKey} was not found", warning);
        Assert.False(File.Exists(targetKey));
    }

    [Fact]
    public void ImportWithoutUsersCopiesKey()
    {
        Directory.Delete(users, recursive: true);

        CliResult result = Import();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Authy IDs: no users directory in the legacy directory; none imported.", result.Output);
        Assert.Equal(ApiKey + "\n", File.ReadAllText(targetKey));
        Assert.Empty(sandbox.ReadAuthyIds());
    }

    [Fact]
    public void ImportEmptyDirectoryFails()
    {
        Directory.Delete(users, recursive: true);
        File.Delete(sourceKey);

        CliResult result = Import();

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: legacy directory {legacy} contains neither users/ nor api.key", error);
    }

    [Fact]
    public void ImportMissingDirectoryFails()
    {
        string missing = sandbox.PathOf("missing");

        CliResult result = sandbox.Run("import-legacy", missing);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Equal(
            $"authy-enroll: legacy directory {missing} not found; pass the directory that contains users/ and api.key",
            error);
    }

    public void Dispose() => sandbox.Dispose();

    private CliResult Import() => sandbox.Run("import-legacy", legacy);

    /// <summary>Returns the start of the error line about the user file <paramref name="name"/>.</summary>
    private string ErrorAbout(string name) => $"authy-enroll: {Path.Combine(users, name)} ";

    private void WriteUser(string name, string content) =>
        File.WriteAllText(Path.Combine(users, name), content);
}

using System.Diagnostics;
using System.Security.Cryptography;
using Authy.Totp.Store;
using Authy.Totp.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Authy.Totp.Tests.Pam;

/// <summary>
/// Faults in the files and in the helper process, each driven through the real libpam with a right code:
/// the login must fail with a PAM error code within a generous time bound, log one line that names the
/// fault, and leave the database as it was.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    /// <summary>Generous bound on one failed login; the slowest case waits out the 5 s busy timeout.</summary>
    private static readonly TimeSpan MaxLoginTime = TimeSpan.FromSeconds(15);

    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    public FaultInjectionTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install);
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void DatabaseMissing_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        File.Delete(install.DatabasePath);

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, $"database {install.DatabasePath} not found");
    }

    [Fact]
    public void DatabaseOfRandomBytes_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        byte[] garbage = RandomNumberGenerator.GetBytes(64 * 1024);
        File.WriteAllBytes(install.DatabasePath, garbage);

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, $"database {install.DatabasePath} could not be opened");
        Assert.Equal(garbage, File.ReadAllBytes(install.DatabasePath));
    }

    [Fact]
    public void DatabaseTruncated_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        byte[] whole = File.ReadAllBytes(install.DatabasePath);
        Assert.True(whole.Length > 4096, $"database is only {whole.Length} bytes");
        byte[] firstPage = whole[..4096];
        File.WriteAllBytes(install.DatabasePath, firstPage);

        // The header page survives, so the damage shows only when a query reads a missing page.
        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, $"database {install.DatabasePath}");
        Assert.Equal(firstPage, File.ReadAllBytes(install.DatabasePath));
    }

    [Fact]
    public void DatabaseLockedPastBusyTimeout_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        using (SecretStore.Open(install.DatabasePath))
        {
            // Opening a store sets the SQLite provider that the raw connection below needs.
        }

        using (var writer = new SqliteConnection($"Data Source={install.DatabasePath};Pooling=False"))
        {
            writer.Open();
            using var begin = writer.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();

            AssertLoginFails(
                seed, TestSupport.Pam.AuthInfoUnavailable, "busy timeout; find it with 'fuser", LogLineFor(install.DatabasePath));
        }

        AssertConsistent(install.DatabasePath, expectedLastStep: -1);
    }

    [Fact]
    public void DatabaseOnReadOnlyFileSystem_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        using var fileSystem = new SmallFileSystem();
        string database = MoveDatabaseTo(fileSystem);
        byte[] before = File.ReadAllBytes(database);
        fileSystem.RemountReadOnly();

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, $"database {database}");

        Assert.Equal(before, File.ReadAllBytes(database));
        fileSystem.RemountReadWrite();
        AssertConsistent(database, expectedLastStep: -1);
    }

    [Fact]
    public void DatabaseOnFullDisk_ReplayUpdateFails()
    {
        string seed = install.Enroll("alice");
        using var fileSystem = new SmallFileSystem();
        string database = MoveDatabaseTo(fileSystem);

        // An open reader keeps the -wal and -shm files in place, so the helper opens the database and
        // reads the user, and only the replay update needs space that is not there.
        using (SecretStore.Open(database))
        {
            fileSystem.Fill();
            AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, "the file system is full", LogLineFor(database));
            fileSystem.RemoveFiller();
        }

        AssertConsistent(database, expectedLastStep: -1);
    }

    [Fact]
    public void KeyFileMissing_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        File.Delete(install.KeyFilePath);

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, $"key file {install.KeyFilePath} not found");
        AssertConsistent(install.DatabasePath, expectedLastStep: -1);
    }

    [Fact]
    public void KeyFileTruncated_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        byte[] key = File.ReadAllBytes(install.KeyFilePath);
        File.WriteAllBytes(install.KeyFilePath, key[..16]);
        CryptographicOperations.ZeroMemory(key);

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, $"key file {install.KeyFilePath} is 16 bytes, expected 32");
        AssertConsistent(install.DatabasePath, expectedLastStep: -1);
    }

    [Fact]
    public void HelperExitingAtOnce_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");
        string helper = WriteHelperScript("exit 0");

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, $"helper {helper}");
        AssertConsistent(install.DatabasePath, expectedLastStep: -1);
    }

    [Fact]
    public void HelperKilledAfterAnswer_FailsWithLogLine()
    {
        string seed = install.Enroll("alice");

        // Sends a prompt, gives the module time to relay the answer, then dies by SIGKILL.
        string helper = WriteHelperScript(@"printf 'P\014\000\000\000Authy code: '; sleep 1; kill -9 $$");

        var result = AssertLoginFails(
            seed, TestSupport.Pam.AuthInfoUnavailable, "helper closed the connection before sending a result", $"helper {helper}");
        Assert.Contains("prompt: Authy code: ", result.Lines);
        AssertConsistent(install.DatabasePath, expectedLastStep: -1);
    }

    [Fact]
    public void HelperHung_TimesOut()
    {
        string seed = install.Enroll("alice");
        string helper = WriteHelperScript("exec sleep 60");
        driver.WriteService($"config={install.ConfigPath} helper={helper} timeout=2");

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, "helper did not answer in time", $"helper {helper}, timeout 2 s");
        AssertConsistent(install.DatabasePath, expectedLastStep: -1);
    }

    [Theory]
    [InlineData(@"Z\001\000\000\000x", "sent an unknown message type 90")]
    [InlineData(@"P\377\377\377\177", "helper sent a frame of 2147483647 bytes, more than 8192")]
    [InlineData(@"P\000\000\000\200", "helper sent a frame of -2147483648 bytes")]
    [InlineData(@"R\002\000\000\000\000\000", "helper sent a malformed result")]
    [InlineData(@"R\004\000\000\000\071\060\000\000", "helper sent an unknown result 12345")]
    [InlineData(@"P\020\000\000\000Auth", "helper closed the connection before sending a result")]
    public void HelperSendingGarbage_FailsWithLogLine(string frames, string logged)
    {
        string seed = install.Enroll("alice");

        // The pauses let the module send its request first and read the frames before the script exits.
        WriteHelperScript($"sleep 0.3; printf '{frames}'; sleep 0.5");

        AssertLoginFails(seed, TestSupport.Pam.AuthInfoUnavailable, logged);
        AssertConsistent(install.DatabasePath, expectedLastStep: -1);
    }

    /// <summary>
    /// Logs in as alice with the right code and checks the code, the time and a log line that contains
    /// every one of <paramref name="logged"/>.
    /// </summary>
    private ProcessResult AssertLoginFails(string seed, int expectedCode, params string[] logged)
    {
        var clock = Stopwatch.StartNew();
        var result = driver.Authenticate("alice", [Oathtool.Totp(seed)], "-D");
        clock.Stop();

        Assert.Equal([expectedCode], PamDriver.Codes(result));
        Assert.True(clock.Elapsed < MaxLoginTime, $"the login took {clock.Elapsed.TotalSeconds:F1} s");
        IReadOnlyList<string> lines = SyslogCapture.LinesContaining(logged[0]);
        Assert.True(
            lines.Any(line => logged.All(part => line.Contains(part, StringComparison.Ordinal))),
            $"no log line with all of [{string.Join(" | ", logged)}]; lines with the first: {string.Join(" / ", lines)}");
        return result;
    }

    private static string LogLineFor(string database) => $"database {database} failed during the login";

    /// <summary>Moves the enrolled database onto <paramref name="fileSystem"/> and points the config at it.</summary>
    private string MoveDatabaseTo(SmallFileSystem fileSystem)
    {
        string database = fileSystem.File("secrets.db");
        File.Copy(install.DatabasePath, database);
        File.Delete(install.DatabasePath);
        File.WriteAllText(install.ConfigPath, $"database = {database}\nkey_file = {install.KeyFilePath}\n");
        return database;
    }

    /// <summary>Writes an executable shell script as the helper and points the service file at it.</summary>
    private string WriteHelperScript(string body)
    {
        string path = install.File("fault-helper.sh");
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        driver.WriteService($"config={install.ConfigPath} helper={path}");
        return path;
    }

    /// <summary>Checks the SQLite integrity and that alice's replay state is unchanged.</summary>
    private static void AssertConsistent(string database, long expectedLastStep)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());

        using var lastStep = connection.CreateCommand();
        lastStep.CommandText = "SELECT last_step FROM users WHERE name = 'alice'";
        Assert.Equal(expectedLastStep, lastStep.ExecuteScalar());
    }
}

namespace Authy.Totp.Tests.Enroll;

public sealed class InitCommandTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAll = OwnerReadWrite | UnixFileMode.UserExecute;

    private readonly EnrollSandbox sandbox = new();

    [Fact]
    public void InitCreatesKeyAndDatabase()
    {
        CliResult result = sandbox.Run("init");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"created key file {sandbox.KeyFilePath}", result.Output);
        Assert.Contains($"created database {sandbox.DatabasePath}", result.Output);
        Assert.Equal(32, new FileInfo(sandbox.KeyFilePath).Length);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(sandbox.KeyFilePath));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(sandbox.DatabasePath));
        Assert.Equal(OwnerAll, File.GetUnixFileMode(Path.GetDirectoryName(sandbox.KeyFilePath)!));
        Assert.Empty(sandbox.ReadUsers());
    }

    [Fact]
    public void InitTwiceKeepsKeyAndDatabase()
    {
        sandbox.Init();
        byte[] key = File.ReadAllBytes(sandbox.KeyFilePath);
        byte[] database = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult second = sandbox.Run("init");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"found key file {sandbox.KeyFilePath}", second.Output);
        Assert.Contains($"found database {sandbox.DatabasePath}; it matches the key file", second.Output);
        Assert.DoesNotContain("created", second.Output);
        Assert.Equal("", second.Error);
        Assert.Equal(key, File.ReadAllBytes(sandbox.KeyFilePath));
        Assert.Equal(database, File.ReadAllBytes(sandbox.DatabasePath));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(sandbox.KeyFilePath));
    }

    [Fact]
    public void InitWithoutKeyKeepsDatabase()
    {
        sandbox.Init();
        File.Delete(sandbox.KeyFilePath);
        byte[] database = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("init");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: ", error);
        Assert.Contains(sandbox.KeyFilePath, error);
        Assert.Contains("restore the key file", error);
        Assert.False(File.Exists(sandbox.KeyFilePath), "init created a key that cannot decrypt the database");
        Assert.Equal(database, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void InitWarnsAboutReadableKey()
    {
        sandbox.Init();
        File.SetUnixFileMode(sandbox.KeyFilePath, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        CliResult result = sandbox.Run("init");

        Assert.True(result.ExitCode == 0, result.ToString());
        string warning = Assert.Single(result.ErrorLines);
        Assert.Contains("mode 0644", warning);
        Assert.Contains($"chmod 600 {sandbox.KeyFilePath}", warning);
    }

    [Fact]
    public void InitRejectsTruncatedKey()
    {
        sandbox.Init();
        File.WriteAllBytes(sandbox.KeyFilePath, new byte[16]);

        CliResult result = sandbox.Run("init");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains("is 16 bytes, expected 32", error);
    }

    [Fact]
    public void InitRejectsOtherKey()
    {
        sandbox.Init();
        File.WriteAllBytes(sandbox.KeyFilePath, new byte[32]);

        CliResult result = sandbox.Run("init");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains("does not match database", error);
    }

    [Fact]
    public void CommandsBeforeInitNameInit()
    {
        CliResult result = sandbox.Run("list");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains($"database {sandbox.DatabasePath} not found", error);
        Assert.Contains("authy-enroll init", error);
    }

    public void Dispose() => sandbox.Dispose();
}

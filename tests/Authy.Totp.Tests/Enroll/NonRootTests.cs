namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// Runs the binary as user 'nobody' (uid 65534) against an installation in a root-only (0700) directory. The tests
/// run as root, which setpriv needs to change the user.
/// </summary>
public sealed class NonRootTests : IDisposable
{
    private const string Nobody = "65534";

    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();
    private readonly string binaryDirectory;
    private readonly string binary;

    public NonRootTests()
    {
        sandbox.EnrollWithoutConfirmation("alice");

        // Created after the steps above, because xunit does not dispose a class whose constructor throws.
        binaryDirectory = Directory.CreateTempSubdirectory("authy-enroll-bin-").FullName;

        // A copy in a world-searchable directory, because the checkout may lie under a directory that
        // uid 65534 cannot enter.
        binary = Path.Combine(binaryDirectory, "authy-enroll");
        File.Copy(CliProcess.BinaryPath, binary);
        const UnixFileMode worldSearchable = UnixFileMode.UserRead | UnixFileMode.UserWrite |
            UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(binaryDirectory, worldSearchable);
        File.SetUnixFileMode(binary, worldSearchable);
    }

    [Theory]
    [InlineData("init")]
    [InlineData("list")]
    [InlineData("status", "alice")]
    [InlineData("remove", "alice")]
    [InlineData("enroll", "bob", "--no-confirm")]
    [InlineData("authy-id", "alice", "1001")]
    [InlineData("authy-id", "alice", "--remove")]
    [InlineData("import-legacy", "/nonexistent")]
    [InlineData("api-key", "test")]
    public void CommandAsNobodyNeedsRoot(params string[] command)
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(sandbox.Root));
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = RunAsNobody([.. command, "--config", sandbox.ConfigPath]);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Equal(
            $"authy-enroll: config file {sandbox.ConfigPath}: permission denied; " +
            "authy-enroll needs root to manage these files; run it with sudo",
            error);
        Assert.Equal("", result.Output);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void ReadableConfigPrivateDatabase()
    {
        // The config file is readable, but the database and key directories stay root-only.
        string publicConfig = Path.Combine(binaryDirectory, "pam_authy.conf");
        File.Copy(sandbox.ConfigPath, publicConfig);
        File.SetUnixFileMode(publicConfig, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        CliResult result = RunAsNobody(["list", "--config", publicConfig]);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: database {sandbox.DatabasePath}: permission denied", error);
        Assert.EndsWith("run it with sudo", error);
    }

    private CliResult RunAsNobody(string[] arguments) => CliProcess.RunProgram(
        "setpriv",
        [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", binary, .. arguments],
        input: "");

    public void Dispose()
    {
        sandbox.Dispose();
        Directory.Delete(binaryDirectory, recursive: true);
    }
}

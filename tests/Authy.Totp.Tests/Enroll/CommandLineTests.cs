namespace Authy.Totp.Tests.Enroll;

/// <summary>Parsing, usage errors and the global --config option.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly EnrollSandbox sandbox = new();

    [Fact]
    public void HelpListsCommands()
    {
        CliResult result = CliProcess.Run(["--help"]);

        Assert.Equal(0, result.ExitCode);
        string[] commands =
            ["init", "enroll", "list", "remove", "status", "authy-id", "import-legacy", "api-key", "--config"];
        foreach (string command in commands)
        {
            Assert.Contains(command, result.Output);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("list", "--frobnicate")]
    [InlineData("enroll")]
    [InlineData("status", "alice", "bob")]
    [InlineData("api-key")]
    [InlineData("api-key", "frobnicate")]
    [InlineData("import-legacy", "/etc/authy", "extra")]
    public void UsageErrorIsOneLine(params string[] arguments)
    {
        CliResult result = CliProcess.Run(arguments);

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: ", error);
        Assert.EndsWith("run 'authy-enroll --help' for usage", error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void ConfigBeforeCommandWorks()
    {
        CliResult result = CliProcess.Run(["--config", sandbox.ConfigPath, "init"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(sandbox.DatabasePath));
    }

    [Fact]
    public void MissingConfigNamesFile()
    {
        string missing = sandbox.PathOf("missing.conf");

        CliResult result = CliProcess.Run(["list", "--config", missing]);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Equal($"authy-enroll: config file {missing} not found; create it or pass the right path", error);
    }

    [Fact]
    public void InvalidConfigNamesLine()
    {
        File.AppendAllText(sandbox.ConfigPath, "windows = 3\n");

        CliResult result = sandbox.Run("init");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: {sandbox.ConfigPath}:5: unknown setting 'windows'", error);
        Assert.False(Directory.Exists(Path.GetDirectoryName(sandbox.KeyFilePath)));
    }

    public void Dispose() => sandbox.Dispose();
}

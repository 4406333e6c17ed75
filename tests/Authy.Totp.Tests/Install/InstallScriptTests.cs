using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Install;

/// <summary>install.sh run below a temporary DESTDIR with the binaries from artifacts/bin.</summary>
public sealed class InstallScriptTests : IDisposable
{
    private readonly TempDirectory destination = new();

    public void Dispose() => destination.Dispose();

    [Fact]
    public void Install_CreatesFilesWithModes()
    {
        var result = RunInstall();

        Assert.True(result.ExitCode == 0, $"install.sh failed: {result.Error}");
        Assert.Equal("600", Mode("etc/authy/master.key"));
        Assert.Equal("600", Mode("etc/authy/pam_authy.conf"));
        Assert.Equal("700", Mode("etc/authy"));
        Assert.Equal("600", Mode("var/lib/authy/secrets.db"));
        Assert.Equal("755", Mode("usr/sbin/authy-enroll"));
        Assert.Equal("755", Mode("usr/libexec/pam_authy/pam_authy_helper"));
        Assert.Equal(32, new FileInfo(Path("etc/authy/master.key")).Length);
        string module = Assert.Single(Directory.GetFiles(destination.Path, "pam_authy.so", SearchOption.AllDirectories));
        Assert.EndsWith("/security/pam_authy.so", module);
    }

    [Fact]
    public void Install_Twice_KeepsKeyAndDatabase()
    {
        Assert.Equal(0, RunInstall().ExitCode);
        byte[] key = File.ReadAllBytes(Path("etc/authy/master.key"));
        File.AppendAllText(Path("etc/authy/pam_authy.conf"), "# edited by the administrator\n");
        string config = File.ReadAllText(Path("etc/authy/pam_authy.conf"));
        DateTime databaseWritten = File.GetLastWriteTimeUtc(Path("var/lib/authy/secrets.db"));

        var second = RunInstall();

        Assert.True(second.ExitCode == 0, $"second install.sh failed: {second.Error}");
        Assert.Equal(key, File.ReadAllBytes(Path("etc/authy/master.key")));
        Assert.Equal(config, File.ReadAllText(Path("etc/authy/pam_authy.conf")));
        Assert.Equal(databaseWritten, File.GetLastWriteTimeUtc(Path("var/lib/authy/secrets.db")));
        Assert.Contains("kept", second.Output);
    }

    [Fact]
    public void Install_ConfigPointsAtSystemPaths()
    {
        Assert.Equal(0, RunInstall().ExitCode);

        string config = File.ReadAllText(Path("etc/authy/pam_authy.conf"));

        Assert.Contains("database = /var/lib/authy/secrets.db", config);
        Assert.Contains("key_file = /etc/authy/master.key", config);
        Assert.DoesNotContain(destination.Path, config);
    }

    [Fact]
    public void Install_MissingPrebuiltDirectory_Fails()
    {
        var result = RunInstall(destination.File("no-such-dir"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not found; build it first", result.Error);
    }

    private ProcessResult RunInstall(string? prebuilt = null)
    {
        string script = System.IO.Path.Combine(Artifacts.RepositoryRoot, "install.sh");
        return ProcessRunner.Run(
            "env", [$"DESTDIR={destination.Path}", script, "--prebuilt", prebuilt ?? Artifacts.BinDirectory], timeoutSeconds: 300);
    }

    private string Path(string relative) => System.IO.Path.Combine(destination.Path, relative);

    private string Mode(string relative) =>
        Convert.ToString((int)File.GetUnixFileMode(Path(relative)), 8);
}

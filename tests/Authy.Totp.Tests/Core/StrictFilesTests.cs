using Authy.Totp.Security;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Core;

/// <summary>
/// StrictFiles on real files and directories in a root-owned 0700 temporary directory under /tmp.
/// The tests run as root, so they can give files to another owner with chown.
/// </summary>
public sealed class StrictFilesTests : IDisposable
{
    private const int Nobody = 65534;

    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void RootOwnedPrivateFile_IsSafe()
    {
        string file = WriteFile("master.key", "600");

        Assert.Null(StrictFiles.FindProblem(file, "key file", secret: true));
    }

    [Fact]
    public void MissingFile_IsNoProblem()
    {
        Assert.Null(StrictFiles.FindProblem(directory.File("missing"), "key file", secret: true));
    }

    [Theory]
    [InlineData("640", true)]
    [InlineData("604", true)]
    [InlineData("620", false)]
    [InlineData("602", false)]
    public void AccessibleFile_IsNamedWithModeAndFix(string mode, bool secret)
    {
        string file = WriteFile("file", mode);

        string? problem = StrictFiles.FindProblem(file, "key file", secret);

        Assert.NotNull(problem);
        Assert.Contains($"key file {file} has owner uid 0 and mode 0{mode}", problem);
        Assert.Contains($"run 'chown root:root {file} && chmod 600 {file}'", problem);
    }

    [Fact]
    public void ReadableByOthers_IsSafeWhenNotSecret()
    {
        string file = WriteFile("pam_authy.conf", "644");

        Assert.Null(StrictFiles.FindProblem(file, "config file", secret: false));
    }

    [Fact]
    public void FileOfOtherOwner_IsProblem()
    {
        string file = WriteFile("secrets.db", "600");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Chown(file, Nobody);

        string? problem = StrictFiles.FindProblem(file, "database", secret: false);

        Assert.NotNull(problem);
        Assert.Contains($"database {file} has owner uid {Nobody} and mode 0600", problem);
    }

    [Theory]
    [InlineData("770")]
    [InlineData("707")]
    public void WritableDirectory_IsNamed(string mode)
    {
        string parent = CreateDirectory("etc", mode);
        string file = WriteFile("etc/master.key", "600");

        string? problem = StrictFiles.FindProblem(file, "key file", secret: true);

        Assert.NotNull(problem);
        Assert.Contains($"directory {parent} above key file {file} has owner uid 0 and mode 0{mode}", problem);
        Assert.Contains($"run 'chown root:root {parent} && chmod go-w {parent}'", problem);
    }

    [Fact]
    public void DirectoryOfOtherOwner_IsProblem()
    {
        string parent = CreateDirectory("etc", "755");
        string file = WriteFile("etc/master.key", "600");
        Chown(parent, Nobody);

        string? problem = StrictFiles.FindProblem(file, "key file", secret: true);

        Assert.NotNull(problem);
        Assert.Contains($"directory {parent} above key file {file} has owner uid {Nobody}", problem);
    }

    [Fact]
    public void RootOwnedStickyDirectory_IsAccepted()
    {
        // Like /tmp: others can create entries but cannot replace root's.
        CreateDirectory("shared", "1777");
        string file = WriteFile("shared/master.key", "600");

        Assert.Null(StrictFiles.FindProblem(file, "key file", secret: true));
    }

    [Fact]
    public void StickyDirectoryOfOtherOwner_IsProblem()
    {
        string parent = CreateDirectory("shared", "1777");
        string file = WriteFile("shared/master.key", "600");
        Chown(parent, Nobody);

        Assert.NotNull(StrictFiles.FindProblem(file, "key file", secret: true));
    }

    [Fact]
    public void SymbolicLink_ChecksTargetDirectories()
    {
        string unsafeDirectory = CreateDirectory("open", "777");
        string target = WriteFile("open/master.key", "600");
        string link = directory.File("master.key");
        File.CreateSymbolicLink(link, target);

        string? problem = StrictFiles.FindProblem(link, "key file", secret: true);

        Assert.NotNull(problem);
        Assert.Contains($"key file {link} (resolved to {target})", problem);
        Assert.Contains($"directory {unsafeDirectory} above", problem);
    }

    [Fact]
    public void InstallationFiles_ListsEachUnsafeFile()
    {
        using var install = new TestInstall();
        File.SetUnixFileMode(install.KeyFilePath, (UnixFileMode)Convert.ToInt32("644", 8));
        File.SetUnixFileMode(install.ConfigPath, (UnixFileMode)Convert.ToInt32("666", 8));
        var config = Config.AuthyConfig.Load(install.ConfigPath);

        IReadOnlyList<string> problems = InstallationFiles.FindProblems(install.ConfigPath, config);

        Assert.Equal(2, problems.Count);
        Assert.StartsWith($"config file {install.ConfigPath} has owner uid 0 and mode 0666", problems[0]);
        Assert.StartsWith($"key file {install.KeyFilePath} has owner uid 0 and mode 0644", problems[1]);
    }

    private string WriteFile(string name, string octalMode)
    {
        string path = directory.File(name);
        File.WriteAllText(path, "content");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octalMode, 8));
        return path;
    }

    private string CreateDirectory(string name, string octalMode)
    {
        string path = directory.File(name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octalMode, 8));
        return path;
    }

    private static void Chown(string path, int owner)
    {
        var result = ProcessRunner.Run("chown", [owner.ToString(), path]);
        Assert.True(result.ExitCode == 0, $"chown failed: {result.Error}");
    }
}

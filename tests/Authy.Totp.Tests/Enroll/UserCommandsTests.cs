namespace Authy.Totp.Tests.Enroll;

/// <summary>The list, remove and status commands.</summary>
public sealed class UserCommandsTests : IDisposable
{
    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();

    [Fact]
    public void ListEmptyPrintsNothing()
    {
        CliResult result = sandbox.Run("list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void ListSortsByName()
    {
        sandbox.EnrollWithoutConfirmation("carol");
        sandbox.EnrollWithoutConfirmation("alice");

        CliResult result = sandbox.Run("list");

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("alice  enrolled ", lines[0]);
        Assert.StartsWith("carol  enrolled ", lines[1]);
        Assert.All(lines, line => Assert.EndsWith("last login never", line));
    }

    [Fact]
    public void RemoveDeletesUser()
    {
        sandbox.EnrollWithoutConfirmation("alice");

        CliResult result = sandbox.Run("remove", "alice");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Removed user 'alice': the offline seed.\n", result.Output);
        Assert.Empty(sandbox.ReadUsers());
        Assert.Equal(1, sandbox.Run("status", "alice").ExitCode);
    }

    [Fact]
    public void RemoveUnknownUserFails()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("remove", "bob");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Equal(
            "authy-enroll: user 'bob' has no offline seed and no Authy ID; 'authy-enroll list' shows the stored users",
            error);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void StatusUnknownUserExitsOne()
    {
        CliResult result = sandbox.Run("status", "bob");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("user: bob\nenrolled: no\n", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void StatusShowsEnrollment()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);
        sandbox.EnrollWithoutConfirmation("alice");

        CliResult result = sandbox.Run("status", "alice");

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("user: alice", lines[0]);
        Assert.Equal("enrolled: yes", lines[1]);
        Assert.StartsWith("enrolled at: ", lines[2]);
        DateTimeOffset enrolledAt = DateTimeOffset.Parse(lines[2]["enrolled at: ".Length..]);
        Assert.InRange(enrolledAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("last login: never", lines[3]);
        Assert.Equal("last used step: none", lines[4]);
        Assert.Equal($"seed: decrypts with key file {sandbox.KeyFilePath}", lines[5]);
    }

    [Fact]
    public void StatusReportsWrongKeyFile()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        File.WriteAllBytes(sandbox.KeyFilePath, new byte[32]);

        CliResult result = sandbox.Run("status", "alice");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains($"key file {sandbox.KeyFilePath} does not match database", error);
    }

    public void Dispose() => sandbox.Dispose();
}

namespace Authy.Totp.Tests.Enroll;

/// <summary>The list, remove and status commands for users with an Authy ID.</summary>
public sealed class AuthyIdUserCommandsTests : IDisposable
{
    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();

    [Fact]
    public void ListShowsAuthyIds()
    {
        sandbox.EnrollWithoutConfirmation("carol");
        sandbox.EnrollWithoutConfirmation("alice");
        sandbox.StoreAuthyId("alice", 1001);
        sandbox.StoreAuthyId("bob", 1002);

        CliResult result = sandbox.Run("list");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("alice  enrolled ", lines[0]);
        Assert.EndsWith("  last login never  authy id 1001", lines[0]);
        Assert.Equal("bob    no offline seed  authy id 1002", lines[1]);
        Assert.StartsWith("carol  enrolled ", lines[2]);
        Assert.EndsWith("  last login never", lines[2]);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void StatusAuthyIdOnlySucceeds()
    {
        sandbox.StoreAuthyId("bob", 1002);

        CliResult result = sandbox.Run("status", "bob");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("user: bob\nenrolled: no\nauthy id: 1002\n", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void StatusShowsSeedAndAuthyId()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        sandbox.StoreAuthyId("alice", 1001);

        CliResult result = sandbox.Run("status", "alice");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.Equal("enrolled: yes", lines[1]);
        Assert.Equal("last used step: none", lines[4]);
        Assert.Equal("authy id: 1001", lines[5]);
        Assert.Equal($"seed: decrypts with key file {sandbox.KeyFilePath}", lines[6]);
    }

    [Fact]
    public void StatusWithoutAuthyIdOmitsLine()
    {
        sandbox.EnrollWithoutConfirmation("alice");

        CliResult result = sandbox.Run("status", "alice");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("authy id", result.Output);
    }

    [Fact]
    public void RemoveDeletesSeedAndAuthyId()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        sandbox.StoreAuthyId("alice", 1001);
        sandbox.StoreAuthyId("bob", 1002);

        CliResult result = sandbox.Run("remove", "alice");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Removed user 'alice': the offline seed and Authy ID 1001.\n", result.Output);
        Assert.Equal("", result.Error);
        Assert.Null(sandbox.FindUser("alice"));
        Assert.Null(sandbox.ReadAuthyId("alice"));
        Assert.Equal(1002, sandbox.ReadAuthyId("bob"));
        Assert.Equal(1, sandbox.Run("status", "alice").ExitCode);
    }

    [Fact]
    public void RemoveAuthyIdOnlyUser()
    {
        sandbox.StoreAuthyId("bob", 1002);

        CliResult result = sandbox.Run("remove", "bob");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Removed user 'bob': Authy ID 1002; the user had no offline seed.\n", result.Output);
        Assert.Empty(sandbox.ReadAuthyIds());
        Assert.Equal("", sandbox.Run("list").Output);
    }

    [Fact]
    public void RemoveSeedOnlyKeepsOthers()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        sandbox.StoreAuthyId("bob", 1002);

        CliResult result = sandbox.Run("remove", "alice");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Removed user 'alice': the offline seed.\n", result.Output);
        Assert.Equal(1002, sandbox.ReadAuthyId("bob"));
    }

    public void Dispose() => sandbox.Dispose();
}

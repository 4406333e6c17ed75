namespace Authy.Totp.Tests.Enroll;

/// <summary>The authy-id command: storing, replacing and removing a user's Authy ID.</summary>
public sealed class AuthyIdCommandTests : IDisposable
{
    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();

    [Fact]
    public void AuthyIdStoresWithoutSeed()
    {
        CliResult result = sandbox.Run("authy-id", "alice", "1234567");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Stored Authy ID 1234567 for user 'alice'.\n", result.Output);
        Assert.Equal("", result.Error);
        Assert.Equal(1234567, sandbox.ReadAuthyId("alice"));
        Assert.Null(sandbox.FindUser("alice"));
    }

    [Fact]
    public void AuthyIdKeepsSeed()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        byte[] seed = sandbox.DecryptSeed("alice");

        CliResult result = sandbox.Run("authy-id", "alice", "42");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(42, sandbox.ReadAuthyId("alice"));
        Assert.Equal(seed, sandbox.DecryptSeed("alice"));
    }

    [Fact]
    public void AuthyIdReplacesWithNote()
    {
        sandbox.StoreAuthyId("alice", 1234567);

        CliResult result = sandbox.Run("authy-id", "alice", "7654321");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Stored Authy ID 7654321 for user 'alice'.\n", result.Output);
        string note = Assert.Single(result.ErrorLines);
        Assert.Equal("authy-enroll: note: user 'alice' had Authy ID 1234567, which is now replaced", note);
        Assert.Equal(7654321, sandbox.ReadAuthyId("alice"));
    }

    [Fact]
    public void AuthyIdSameIdChangesNothing()
    {
        sandbox.StoreAuthyId("alice", 1234567);
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("authy-id", "alice", "1234567");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("User 'alice' already has Authy ID 1234567; nothing changed.\n", result.Output);
        Assert.Equal("", result.Error);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void AuthyIdAcceptsMaximum()
    {
        CliResult result = sandbox.Run("authy-id", "alice", "9007199254740992");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(9007199254740992, sandbox.ReadAuthyId("alice"));
    }

    [Fact]
    public void AuthyIdRemoveDeletesId()
    {
        sandbox.StoreAuthyId("alice", 1234567);
        sandbox.StoreAuthyId("bob", 2345678);

        CliResult result = sandbox.Run("authy-id", "alice", "--remove");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Removed Authy ID 1234567 of user 'alice'.\n", result.Output);
        Assert.Equal("", result.Error);
        Assert.Null(sandbox.ReadAuthyId("alice"));
        Assert.Equal(2345678, sandbox.ReadAuthyId("bob"));
    }

    [Fact]
    public void AuthyIdRemoveKeepsSeed()
    {
        sandbox.EnrollWithoutConfirmation("alice");
        sandbox.StoreAuthyId("alice", 1234567);

        CliResult result = sandbox.Run("authy-id", "alice", "--remove");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Null(sandbox.ReadAuthyId("alice"));
        Assert.NotNull(sandbox.FindUser("alice"));
    }

    [Fact]
    public void AuthyIdRemoveMissingFails()
    {
        sandbox.StoreAuthyId("bob", 2345678);
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("authy-id", "alice", "--remove");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Equal(
            "authy-enroll: user 'alice' has no Authy ID; 'authy-enroll list' shows the users and their Authy IDs",
            error);
        Assert.Equal("", result.Output);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("12a")]
    [InlineData("1.5")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("1 234")]
    [InlineData("0x1F")]
    [InlineData("١٢٣")]
    [InlineData("9007199254740993")]
    [InlineData("99999999999999999999")]
    public void AuthyIdInvalidIsUsageError(string value)
    {
        sandbox.StoreAuthyId("alice", 1234567);
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("authy-id", "alice", value);

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Equal(
            $"authy-enroll: Authy ID '{value}' is invalid; use the user's numeric Authy ID, " +
            "a whole number from 1 to 9007199254740992",
            error);
        Assert.Equal("", result.Output);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void AuthyIdNegativeIsUsageError()
    {
        CliResult result = sandbox.Run("authy-id", "alice", "-5");

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains("'-5'", error);
        Assert.Empty(sandbox.ReadAuthyIds());
    }

    [Fact]
    public void AuthyIdWithoutIdIsUsageError()
    {
        CliResult result = sandbox.Run("authy-id", "alice");

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: missing Authy ID; run 'authy-enroll authy-id alice ID'", error);
        Assert.Contains("--remove", error);
    }

    [Fact]
    public void AuthyIdWithRemoveIsUsageError()
    {
        sandbox.StoreAuthyId("alice", 1234567);

        CliResult result = sandbox.Run("authy-id", "alice", "7654321", "--remove");

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: pass either an Authy ID or --remove, not both", error);
        Assert.Equal(1234567, sandbox.ReadAuthyId("alice"));
    }

    [Fact]
    public void AuthyIdInvalidUserIsUsageError()
    {
        CliResult result = sandbox.Run("authy-id", "al:ice", "1234567");

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: user name 'al:ice' is invalid because it contains ':'", error);
        Assert.Empty(sandbox.ReadAuthyIds());
    }

    public void Dispose() => sandbox.Dispose();
}

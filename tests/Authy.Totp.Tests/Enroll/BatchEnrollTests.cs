namespace Authy.Totp.Tests.Enroll;

/// <summary><c>authy-enroll enroll --batch FILE --out DIR</c>, with the PNGs read back by zbarimg.</summary>
public sealed class BatchEnrollTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public void Batch_WritesOnePngPerUser()
    {
        string list = WriteList("user,email\nalice,alice@example.com\n\n# comment\nbob\ncarol\n");
        string outDirectory = sandbox.PathOf("qr");

        CliResult result = sandbox.Run("enroll", "--batch", list, "--out", outDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            $"Enrolled 3 users. QR codes, one PNG per user, are in {outDirectory}:\n" +
            $"  alice: {outDirectory}/alice.png\n  bob: {outDirectory}/bob.png\n  carol: {outDirectory}/carol.png\n",
            result.Output);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(outDirectory));
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            string png = Path.Combine(outDirectory, user + ".png");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(png));
            OtpAuthUriParts uri = OtpAuthUriParts.Parse(ZbarImage.Decode(png));
            Assert.Equal(uri.SeedBytes, sandbox.DecryptSeed(user));
        }

        Assert.Equal(["alice", "bob", "carol"], sandbox.ReadUsers().Select(user => user.Name).Order());
    }

    [Fact]
    public void InvalidName_StoresNothing()
    {
        string list = WriteList("alice\nbad name\n");

        CliResult result = sandbox.Run("enroll", "--batch", list, "--out", sandbox.PathOf("qr"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"authy-enroll: {list}:2: user name 'bad name' is invalid", result.Error);
        Assert.Empty(sandbox.ReadUsers());
        Assert.False(Directory.Exists(sandbox.PathOf("qr")));
    }

    [Fact]
    public void EnrolledUser_NeedsForce()
    {
        sandbox.EnrollWithoutConfirmation("bob");
        string list = WriteList("alice\nbob\n");

        CliResult result = sandbox.Run("enroll", "--batch", list, "--out", sandbox.PathOf("qr"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("authy-enroll: already enrolled: bob; pass --force to replace their seeds, or remove them from " +
            "the list\n", result.Error);
        Assert.Null(sandbox.FindUser("alice"));
    }

    [Fact]
    public void OpenOutDirectory_IsRejected()
    {
        string outDirectory = sandbox.PathOf("open");
        Directory.CreateDirectory(outDirectory);
        File.SetUnixFileMode(outDirectory, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        CliResult result = sandbox.Run("enroll", "--batch", WriteList("alice\n"), "--out", outDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"authy-enroll: --out directory {outDirectory} has mode 0750, so others could read the QR codes; " +
            $"run 'chmod 700 {outDirectory}' or choose a new directory\n", result.Error);
        Assert.Empty(sandbox.ReadUsers());
    }

    [Fact]
    public void BatchWithoutOut_IsUsageError()
    {
        CliResult result = sandbox.Run("enroll", "--batch", WriteList("alice\n"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("authy-enroll: --batch needs --out DIR for the QR code images\n", result.Error);
    }

    private string WriteList(string text)
    {
        string path = sandbox.PathOf("users.csv");
        File.WriteAllText(path, text);
        return path;
    }
}

using Authy.Totp.Store;
using Authy.Totp.Tests.TestSupport;
using Authy.Totp.Verification;
using OtpNet;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// <c>authy-enroll import-google-authenticator</c> on files made by Debian's google-authenticator tool
/// (package libpam-google-authenticator), checked with oathtool codes through the built module.
/// </summary>
public sealed class ImportGoogleAuthenticatorTests : IDisposable
{
    private readonly TestInstall install = new();

    public void Dispose() => install.Dispose();

    [Fact]
    public void TotpFile_ImportsSeedForLogin()
    {
        string file = MakeFile("totp", "-t", "-d", "-r", "3", "-R", "30", "-w", "3");
        string secret = File.ReadLines(file).First();

        CliResult result = Import("alice", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            $"Imported user 'alice' from {file}: TOTP, 30 s steps, 6 digits.\n" +
            "Imported 5 scratch codes as single-use recovery codes.\n",
            result.Output);
        Assert.Equal(Base32Encoding.ToBytes(secret), DecryptSeed("alice"));
        var driver = new PamDriver(install);
        var login = driver.Authenticate("alice", Oathtool.Totp(secret));
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(login));
    }

    [Fact]
    public void ScratchCodes_BecomeSingleUseRecoveryCodes()
    {
        string file = MakeFile("scratch", "-t", "-d", "-r", "3", "-R", "30", "-w", "3", "-e", "4");
        string[] scratch = File.ReadLines(file).Where(line => line.Length == 8 && line.All(char.IsAsciiDigit)).ToArray();

        CliResult result = Import("alice", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Imported 4 scratch codes as single-use recovery codes.", result.Output);
        Assert.Equal(4, scratch.Length);
        var driver = new PamDriver(install);
        var first = driver.Authenticate("alice", scratch[2]);
        var again = driver.Authenticate("alice", scratch[2]);
        var spaced = driver.Authenticate("alice", $"{scratch[0][..4]} {scratch[0][4..]}");
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(first));
        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(again));
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(spaced));
    }

    [Fact]
    public void WindowAndRateLimit_ReportedAsNotImported()
    {
        string file = MakeFile("window", "-t", "-d", "-r", "5", "-R", "60", "-w", "17");

        CliResult result = Import("alice", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(
            "authy-enroll: note: WINDOW_SIZE 17 was not imported; pam_authy accepts 3 codes (window = 1 in the " +
            "config file) for every user", result.ErrorLines);
        Assert.Contains(
            "authy-enroll: note: RATE_LIMIT 5 60 was not imported; the lockout settings in the config file apply " +
            "to every user", result.ErrorLines);
    }

    [Fact]
    public void HotpFile_IsRejected()
    {
        string file = MakeFile("hotp", "-c", "-r", "3", "-R", "30", "-w", "3");

        CliResult result = Import("alice", file);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"authy-enroll: {file}:", error);
        Assert.EndsWith(": the secret is for HOTP (counter-based) codes, but pam_authy and the Authy app use " +
            "time-based codes only; run 'authy-enroll enroll' for this user instead", error);
        Assert.Empty(ReadUsers());
    }

    [Fact]
    public void SixtySecondSteps_AreRejected()
    {
        string file = MakeFile("step60", "-t", "-d", "-S", "60", "-r", "3", "-R", "30", "-w", "3");

        CliResult result = Import("alice", file);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.EndsWith(": STEP_SIZE is 60 s, but the Authy app shows codes for 30 s steps only, so its codes " +
            "would never match; run 'authy-enroll enroll' for this user and scan the new QR code", error);
        Assert.Empty(ReadUsers());
    }

    [Fact]
    public void UsedSteps_StayUsed()
    {
        string file = MakeFile("reuse", "-t", "-d", "-r", "3", "-R", "30", "-w", "3");
        string secret = File.ReadLines(file).First();
        long step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        string[] lines = File.ReadAllLines(file);
        File.WriteAllLines(file, lines.Select(line => line == "\" DISALLOW_REUSE" ? $"\" DISALLOW_REUSE {step}" : line));

        CliResult result = Import("alice", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var driver = new PamDriver(install);
        var login = driver.Authenticate("alice", Oathtool.Totp(secret, DateTimeOffset.FromUnixTimeSeconds(step * 30)));
        Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(login));
    }

    [Fact]
    public void EnrolledUser_NeedsForce()
    {
        install.Enroll("alice");
        string file = MakeFile("force", "-t", "-d", "-r", "3", "-R", "30", "-w", "3");
        string secret = File.ReadLines(file).First();

        CliResult refused = Import("alice", file);
        CliResult forced = Import("alice", file, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            "authy-enroll: user 'alice' is already enrolled; pass --force to replace the seed with the imported one\n",
            refused.Error);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(Base32Encoding.ToBytes(secret), DecryptSeed("alice"));
    }

    [Fact]
    public void MissingFile_Fails()
    {
        string missing = install.File("no-such-file");

        CliResult result = Import("alice", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"authy-enroll: google-authenticator file {missing} not found; pass its path as FILE\n", result.Error);
    }

    [Fact]
    public void SecretNeverPrinted()
    {
        string file = MakeFile("secret", "-t", "-d", "-r", "3", "-R", "30", "-w", "3", "-e", "2");
        string secret = File.ReadLines(file).First();

        CliResult result = Import("alice", file);

        Assert.DoesNotContain(secret, result.Output + result.Error);
    }

    /// <summary>Runs google-authenticator non-interactively and returns the file it wrote.</summary>
    private string MakeFile(string name, params string[] options)
    {
        string path = install.File(name);
        var result = ProcessRunner.Run(
            "google-authenticator", [.. options, "-f", "-q", "-l", "alice@test", "-i", "test", "-s", path]);
        Assert.True(result.ExitCode == 0, $"google-authenticator failed: {result.Error}{result.Output}");
        return path;
    }

    private CliResult Import(string user, string file, params string[] options) =>
        CliProcess.Run(["import-google-authenticator", user, file, .. options, "--config", install.ConfigPath]);

    private byte[] DecryptSeed(string user)
    {
        using var store = SecretStore.Open(install.DatabasePath);
        UserRecord record = store.FindUser(user) ?? throw new InvalidOperationException($"{user} is not stored");
        return SeedVault.DecryptSeed(store, install.KeyFilePath, record);
    }

    private IReadOnlyList<UserRecord> ReadUsers()
    {
        using var store = SecretStore.Open(install.DatabasePath);
        return store.ListUsers();
    }
}

using Authy.Totp.Store;
using Authy.Totp.Totp;

namespace Authy.Totp.Tests.Enroll;

public sealed class EnrollCommandTests : IDisposable
{
    /// <summary>An RFC 4648 base32 secret of 160 bits.</summary>
    private const string KnownSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private const string CodePrompt = "Enter the 6-digit code shown by the app: ";

    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();

    [Fact]
    public void ConfirmedEnrollStoresUser()
    {
        using EnrollSession session = sandbox.StartEnroll("enroll", "alice");
        string secret = OtpAuthUriParts.Parse(session.ReadUri()).Secret;
        session.Answer(OathtoolCodes.Now(secret));
        CliResult result = session.Finish();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Enrolled user 'alice'.", result.Output);
        Assert.Contains(CodePrompt, result.Error);
        Assert.Matches(
            @"^alice\s+enrolled \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+last login never$",
            sandbox.Run("list").Output.Trim());
        CliResult status = sandbox.Run("status", "alice");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("enrolled: yes", status.Output);
    }

    [Fact]
    public void ConfirmationStepIsMarkedUsed()
    {
        long before = TotpVerifier.StepAt(DateTimeOffset.UtcNow);
        using EnrollSession session = sandbox.StartEnroll("enroll", "alice");
        string secret = OtpAuthUriParts.Parse(session.ReadUri()).Secret;
        session.Answer(OathtoolCodes.Now(secret));
        CliResult result = session.Finish();
        long after = TotpVerifier.StepAt(DateTimeOffset.UtcNow);

        Assert.True(result.ExitCode == 0, result.ToString());
        UserRecord user = sandbox.FindUser("alice")!;
        Assert.InRange(user.LastStep, before, after);
        Assert.Null(user.LastLoginAt);
        Assert.Contains(
            $"last used step: {user.LastStep} (the 30-second step starting",
            sandbox.Run("status", "alice").Output);
    }

    [Fact]
    public void WrongCodesLeaveDatabaseUnchanged()
    {
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);
        string wrong = OathtoolCodes.Wrong(KnownSecret, steps: 4);

        string answers = $"{wrong}\n{wrong}\n{wrong}\n";

        CliResult result = sandbox.RunWithInput(answers, "enroll", "alice", "--secret", KnownSecret);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The code does not match; 2 attempts left.", result.Error);
        Assert.Contains("The code does not match; 1 attempt left.", result.Error);
        Assert.Equal(3, result.Error.Split(CodePrompt).Length - 1);
        string last = result.ErrorLines[^1];
        Assert.StartsWith("authy-enroll: 3 codes did not match, so user 'alice' was not enrolled", last);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
        Assert.Empty(sandbox.ReadUsers());
    }

    [Fact]
    public void EndOfInputLeavesDatabaseUnchanged()
    {
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("enroll", "alice");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no code was entered before the input ended", result.ErrorLines[^1]);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void MalformedCodeCountsAsAttempt()
    {
        string code = OathtoolCodes.Now(KnownSecret);

        string answers = $"12ab56\n{code[..3]} {code[3..]}\n";

        CliResult result = sandbox.RunWithInput(answers, "enroll", "alice", "--secret", KnownSecret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("The code must be 6 digits; 2 attempts left.", result.Error);
        Assert.NotNull(sandbox.FindUser("alice"));
    }

    [Fact]
    public void NoConfirmWarnsAndStores()
    {
        CliResult result = sandbox.Run("enroll", "alice", "--no-confirm");

        Assert.Equal(0, result.ExitCode);
        string warning = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: warning: --no-confirm", warning);
        Assert.DoesNotContain("Enter the 6-digit code", result.Error);
        Assert.Equal(-1, sandbox.FindUser("alice")!.LastStep);
        Assert.Contains("last used step: none", sandbox.Run("status", "alice").Output);
    }

    [Fact]
    public void SecretOptionStoresGivenSeed()
    {
        string typed = "gezd gnbv gy3t qojq GEZD GNBV GY3T QOJQ";
        string code = OathtoolCodes.Now(KnownSecret);

        CliResult result = sandbox.RunWithInput(code + "\n", "enroll", "alice", "--secret", typed);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(KnownSecret, OtpAuthUriParts.Parse(UriLine(result)).Secret);
        byte[] seed = sandbox.DecryptSeed("alice");
        var time = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal(
            OathtoolCodes.At(KnownSecret, time),
            TotpVerifier.ComputeCode(seed, TotpVerifier.StepAt(time)));
    }

    [Fact]
    public void MinimumLengthSecretIsAccepted()
    {
        const string secret = "JBSWY3DPEHPK3PXP";

        string answer = OathtoolCodes.Now(secret) + "\n";

        CliResult result = sandbox.RunWithInput(answer, "enroll", "alice", "--secret", secret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(10, sandbox.DecryptSeed("alice").Length);
    }

    [Theory]
    [InlineData("", "has 0 base32 characters")]
    [InlineData("JBSWY3DPEHPK3PX", "has 15 base32 characters (75 bits)")]
    [InlineData("JBSWY3DPEHPK3PX1", "not base32")]
    [InlineData("JBSWY3DPEHPK3PX8", "not base32")]
    [InlineData("JBSWY3DP-EHPK3PXP", "not base32")]
    [InlineData("JBSWY3DP=EHPK3PXP", "not base32")]
    public void InvalidSecretIsRejected(string secret, string problem)
    {
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("enroll", "alice", "--secret", secret);

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: --secret ", error);
        Assert.Contains(problem, error);
        if (secret.Length > 0)
        {
            Assert.DoesNotContain(secret, error);
        }

        Assert.Equal("", result.Output);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void TooLongSecretIsRejected()
    {
        string secret = new('A', 129);

        CliResult result = sandbox.Run("enroll", "alice", "--secret", secret);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("use at most 128", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void ExistingUserNeedsForce()
    {
        sandbox.EnrollWithoutConfirmation("alice", "--secret", KnownSecret);
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("enroll", "alice");

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains("user 'alice' is already enrolled", error);
        Assert.Contains("--force", error);
        Assert.DoesNotContain("otpauth://", result.Output);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Fact]
    public void ForceReplacesSeed()
    {
        sandbox.EnrollWithoutConfirmation("alice", "--secret", KnownSecret);
        const string newSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

        string answer = OathtoolCodes.Now(newSecret) + "\n";

        CliResult result = sandbox.RunWithInput(answer, "enroll", "alice", "--force", "--secret", newSecret);

        Assert.True(result.ExitCode == 0, result.ToString());
        var time = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        Assert.Equal(
            OathtoolCodes.At(newSecret, time),
            TotpVerifier.ComputeCode(sandbox.DecryptSeed("alice"), TotpVerifier.StepAt(time)));
        Assert.Single(sandbox.ReadUsers());
    }

    [Fact]
    public void FailedForceKeepsOldSeed()
    {
        sandbox.EnrollWithoutConfirmation("alice", "--secret", KnownSecret);
        byte[] before = File.ReadAllBytes(sandbox.DatabasePath);

        CliResult result = sandbox.Run("enroll", "alice", "--force");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(sandbox.DatabasePath));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("tab\tname")]
    [InlineData("colon:name")]
    [InlineData("slash/name")]
    [InlineData("bell\u0007")]
    public void InvalidUserNameIsRejected(string user)
    {
        CliResult result = sandbox.Run("enroll", user, "--no-confirm");

        Assert.Equal(2, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("authy-enroll: user name ", error);
        Assert.Contains("is invalid", error);
        Assert.Empty(sandbox.ReadUsers());
    }

    [Fact]
    public void OverlongUserNameIsRejected()
    {
        CliResult result = sandbox.Run("enroll", new string('a', 257), "--no-confirm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 257 characters", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void LongestUserNameIsAccepted()
    {
        string user = new('a', 256);

        sandbox.EnrollWithoutConfirmation(user);

        Assert.NotNull(sandbox.FindUser(user));
    }

    private static string UriLine(CliResult result) =>
        result.Output.Split('\n').Single(line => line.StartsWith("otpauth://", StringComparison.Ordinal));

    public void Dispose() => sandbox.Dispose();
}

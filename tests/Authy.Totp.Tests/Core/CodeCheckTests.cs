using System.Text;
using Authy.Totp.Store;
using Authy.Totp.Tests.TestSupport;
using Authy.Totp.Totp;
using Authy.Totp.Verification;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Authy.Totp.Tests.Core;

public sealed class CodeCheckTests : IDisposable
{
    private const string User = "alice";

    // A fixed seed and start time keep the wrong codes below wrong on every run.
    private static readonly byte[] Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_025);

    private readonly TempStore temp = new();
    private readonly SecretStore store;
    private readonly FakeTimeProvider clock = new(Start);
    private readonly TotpVerifier verifier;

    public CodeCheckTests()
    {
        store = temp.Open();
        temp.Enroll(store, User, Seed, Start);
        verifier = new TotpVerifier(clock, window: 1);
    }

    public void Dispose()
    {
        store.Dispose();
        temp.Dispose();
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("123 456", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("  123456  ", "123456")]
    [InlineData("\t123456\r\n", "123456")]
    [InlineData("1 2-3 4-5 6", "123456")]
    [InlineData("--123456--", "123456")]
    [InlineData("123\t456", "123\t456")]
    [InlineData("12a456", "12a456")]
    [InlineData("12_456", "12_456")]
    [InlineData("1234567", "1234567")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData(" - ", "")]
    public void Normalize_RemovesSpacesAndDashes(string answer, string expected)
    {
        char[] destination = new char[answer.Length];

        int length = CodeCheck.Normalize(answer, destination);

        Assert.Equal(expected, new string(destination, 0, length));
    }

    [Fact]
    public void Run_RightCode_AcceptedAndStepRecorded()
    {
        string code = CodeAt(clock.GetUtcNow());

        var result = Run(code);

        Assert.Equal(CodeCheckResult.Accepted, result);
        var user = store.FindUser(User)!;
        Assert.Equal(TotpVerifier.StepAt(Start), user.LastStep);
        Assert.Equal(Start, user.LastLoginAt);
    }

    [Fact]
    public void Run_SameCodeTwice_Reused()
    {
        string code = CodeAt(clock.GetUtcNow());
        Assert.Equal(CodeCheckResult.Accepted, Run(code));

        clock.Advance(TimeSpan.FromSeconds(2));
        var result = Run(code);

        Assert.Equal(CodeCheckResult.Reused, result);
        Assert.Equal(Start, store.FindUser(User)!.LastLoginAt);
    }

    [Fact]
    public void Run_EarlierCodeAfterLaterOne_Reused()
    {
        string next = CodeAt(clock.GetUtcNow().AddSeconds(TotpVerifier.StepSeconds));
        string current = CodeAt(clock.GetUtcNow());
        Assert.Equal(CodeCheckResult.Accepted, Run(next));

        var result = Run(current);

        Assert.Equal(CodeCheckResult.Reused, result);
        Assert.Equal(TotpVerifier.StepAt(Start) + 1, store.FindUser(User)!.LastStep);
    }

    [Fact]
    public void Run_NextStepAfterAccepted_Accepted()
    {
        Assert.Equal(CodeCheckResult.Accepted, Run(CodeAt(clock.GetUtcNow())));

        clock.Advance(TimeSpan.FromSeconds(TotpVerifier.StepSeconds));
        var result = Run(CodeAt(clock.GetUtcNow()));

        Assert.Equal(CodeCheckResult.Accepted, result);
        Assert.Equal(TotpVerifier.StepAt(Start) + 1, store.FindUser(User)!.LastStep);
    }

    [Fact]
    public void Run_WrongCode_Wrong()
    {
        string right = CodeAt(clock.GetUtcNow());
        string wrong = ((int.Parse(right) + 500_000) % 1_000_000).ToString("D6");

        var result = Run(wrong);

        Assert.Equal(CodeCheckResult.Wrong, result);
        Assert.Equal(-1, store.FindUser(User)!.LastStep);
    }

    [Fact]
    public void Run_CodeTwoStepsOld_Wrong()
    {
        string old = CodeAt(clock.GetUtcNow().AddSeconds(-2 * TotpVerifier.StepSeconds));

        var result = Run(old);

        Assert.Equal(CodeCheckResult.Wrong, result);
        Assert.Equal(-1, store.FindUser(User)!.LastStep);
    }

    [Theory]
    [InlineData("abcdef")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("")]
    [InlineData("123 456")]
    [InlineData("12345\u0661")]
    public void Run_NonNumericCode_Malformed(string code)
    {
        var result = Run(code);

        Assert.Equal(CodeCheckResult.Malformed, result);
        Assert.Equal(-1, store.FindUser(User)!.LastStep);
    }

    private CodeCheckResult Run(string code) => CodeCheck.Run(store, User, Seed, code, verifier, clock);

    /// <summary>Returns the code that oathtool computes for <see cref="Seed"/> at <paramref name="time"/>.</summary>
    private static string CodeAt(DateTimeOffset time) => Oathtool.Totp(Base32Encoding.ToString(Seed), time);
}

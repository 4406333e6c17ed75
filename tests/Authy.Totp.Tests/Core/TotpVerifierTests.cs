using System.Security.Cryptography;
using System.Text;
using Authy.Totp.Tests.TestSupport;
using Authy.Totp.Totp;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Xunit.Abstractions;

namespace Authy.Totp.Tests.Core;

public sealed class TotpVerifierTests(ITestOutputHelper output)
{
    // The window tests use one fixed seed and fixed times, so that no code of a rejected step can
    // happen to equal a code inside the window on some runs and not on others.
    private static readonly byte[] FixedSeed = Encoding.ASCII.GetBytes("12345678901234567890");

    // 2023-11-14T22:13:30Z, the first second of step 56666667.
    private const long StepStartSeconds = 1_700_000_010;

    private const long MidStepSeconds = StepStartSeconds + 15;

    [Theory]
    [InlineData(0L)]
    [InlineData(29L)]
    [InlineData(30L)]
    [InlineData(StepStartSeconds - 1)]
    [InlineData(StepStartSeconds)]
    [InlineData(2_147_483_647L)] // the last second a signed 32-bit time_t can hold
    [InlineData(2_147_483_648L)]
    [InlineData(4_102_444_799L)] // 2099-12-31T23:59:59Z, the last second of a step
    [InlineData(4_102_444_800L)]
    [InlineData(20_000_000_000L)]
    [InlineData(253_402_300_799L)] // 9999-12-31T23:59:59Z, the largest DateTimeOffset second
    public void ComputeCode_MatchesOathtool(long unixSeconds)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var verifier = new TotpVerifier(new FakeTimeProvider(time), window: 0);
        for (int i = 0; i < 4; i++)
        {
            byte[] seed = RandomNumberGenerator.GetBytes(20);
            string base32 = Base32Encoding.ToString(seed);
            output.WriteLine($"seed {base32} at {unixSeconds}");

            string expected = Oathtool.Totp(base32, time);

            Assert.Equal(expected, TotpVerifier.ComputeCode(seed, TotpVerifier.StepAt(time)));
            Assert.Equal(TotpVerifier.StepAt(time), verifier.Verify(seed, expected));
        }
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(29L, 0L)]
    [InlineData(30L, 1L)]
    [InlineData(StepStartSeconds - 1, 56_666_666L)]
    [InlineData(StepStartSeconds, 56_666_667L)]
    [InlineData(StepStartSeconds + 29, 56_666_667L)]
    public void StepAt_CountsThirtySecondSteps(long unixSeconds, long expected)
    {
        Assert.Equal(expected, TotpVerifier.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
    }

    [Fact]
    public void CurrentStep_FollowsClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(StepStartSeconds - 1));
        var verifier = new TotpVerifier(clock, window: 1);

        Assert.Equal(56_666_666L, verifier.CurrentStep);

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(56_666_667L, verifier.CurrentStep);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Window1_AcceptsAdjacentSteps(int offset)
    {
        var verifier = VerifierAt(MidStepSeconds, window: 1);
        long step = verifier.CurrentStep + offset;

        Assert.Equal(step, verifier.Verify(FixedSeed, TotpVerifier.ComputeCode(FixedSeed, step)));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void Window1_RejectsTwoStepsAway(int offset)
    {
        var verifier = VerifierAt(MidStepSeconds, window: 1);
        string code = TotpVerifier.ComputeCode(FixedSeed, verifier.CurrentStep + offset);

        Assert.Null(verifier.Verify(FixedSeed, code));
    }

    [Fact]
    public void Window0_AcceptsCurrentStep()
    {
        var verifier = VerifierAt(MidStepSeconds, window: 0);
        string code = TotpVerifier.ComputeCode(FixedSeed, verifier.CurrentStep);

        Assert.Equal(verifier.CurrentStep, verifier.Verify(FixedSeed, code));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Window0_RejectsAdjacentSteps(int offset)
    {
        var verifier = VerifierAt(MidStepSeconds, window: 0);
        string code = TotpVerifier.ComputeCode(FixedSeed, verifier.CurrentStep + offset);

        Assert.Null(verifier.Verify(FixedSeed, code));
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(-2)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Window3_AcceptsUpToThreeSteps(int offset)
    {
        var verifier = VerifierAt(MidStepSeconds, window: 3);
        long step = verifier.CurrentStep + offset;

        Assert.Equal(step, verifier.Verify(FixedSeed, TotpVerifier.ComputeCode(FixedSeed, step)));
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(4)]
    public void Window3_RejectsFourStepsAway(int offset)
    {
        var verifier = VerifierAt(MidStepSeconds, window: 3);
        string code = TotpVerifier.ComputeCode(FixedSeed, verifier.CurrentStep + offset);

        Assert.Null(verifier.Verify(FixedSeed, code));
    }

    [Fact]
    public void Window1_StepEnd_AcceptsNextStep()
    {
        // At the last second of step k - 1 the window is k - 2 to k, so step k + 1 is still too far ahead.
        var verifier = VerifierAt(StepStartSeconds - 1, window: 1);
        long next = TotpVerifier.StepAt(DateTimeOffset.FromUnixTimeSeconds(StepStartSeconds));

        Assert.Equal(next, verifier.Verify(FixedSeed, TotpVerifier.ComputeCode(FixedSeed, next)));
        Assert.Null(verifier.Verify(FixedSeed, TotpVerifier.ComputeCode(FixedSeed, next + 1)));
    }

    [Fact]
    public void Window1_StepStart_AcceptsPreviousStep()
    {
        var verifier = VerifierAt(StepStartSeconds, window: 1);
        long previous = TotpVerifier.StepAt(DateTimeOffset.FromUnixTimeSeconds(StepStartSeconds - 1));

        Assert.Equal(previous, verifier.Verify(FixedSeed, TotpVerifier.ComputeCode(FixedSeed, previous)));
        Assert.Null(verifier.Verify(FixedSeed, TotpVerifier.ComputeCode(FixedSeed, previous - 1)));
    }

    // With FixedSeed, steps 56836343 and 56836349 both have the code 624555 (found by a search over
    // steps and checked with oathtool), so a window can contain two matching steps.
    [Theory]
    [InlineData(56_836_346L, 3, 56_836_349L)]
    [InlineData(56_836_346L, 10, 56_836_349L)]
    [InlineData(56_836_340L, 3, 56_836_343L)]
    [InlineData(56_836_352L, 3, 56_836_349L)]
    public void Verify_TwoMatchingSteps_ReturnsHighest(long currentStep, int window, long expected)
    {
        const string SharedCode = "624555";
        var verifier = VerifierAt(currentStep * TotpVerifier.StepSeconds, window);

        Assert.Equal(SharedCode, TotpVerifier.ComputeCode(FixedSeed, 56_836_343L));
        Assert.Equal(SharedCode, TotpVerifier.ComputeCode(FixedSeed, 56_836_349L));
        Assert.Equal(expected, verifier.Verify(FixedSeed, SharedCode));
    }

    // At 59 s, FixedSeed's code for the current step 1 is 287082 (RFC 6238, Appendix B). Each case
    // is a malformed variant of it. Verify narrows each char to a byte before comparing, so the U+0132
    // case would match '2' if the check for ASCII digits were skipped.
    [Theory]
    [InlineData("28708")]
    [InlineData("2870820")]
    [InlineData("28708a")]
    [InlineData("abcdef")]
    [InlineData("28708\u0662")] // ARABIC-INDIC DIGIT TWO
    [InlineData("\u0662\u0668\u0667\u0660\u0668\u0662")] // all six digits in Arabic-Indic
    [InlineData("\uFF12\uFF18\uFF17\uFF10\uFF18\uFF12")] // all six digits in fullwidth form
    [InlineData("28708\u0132")] // U+0132, a letter whose low byte 0x32 is the byte of '2'
    [InlineData("")]
    [InlineData("      ")]
    [InlineData(" 287082")]
    [InlineData("287082 ")]
    [InlineData("287 082")]
    [InlineData("287-082")]
    [InlineData("+28708")]
    [InlineData("28708\0")]
    public void Verify_MalformedCode_ReturnsNull(string code)
    {
        var verifier = VerifierAt(59, window: 1);

        Assert.Equal(1L, verifier.Verify(FixedSeed, "287082"));
        Assert.False(TotpVerifier.IsWellFormed(code));
        Assert.Null(verifier.Verify(FixedSeed, code));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Constructor_WindowOutOfRange_Throws(int window)
    {
        var clock = new FakeTimeProvider();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TotpVerifier(clock, window));

        Assert.Equal("window", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TotpVerifier.MaxWindow)]
    public void Constructor_WindowAtLimit_Accepted(int window)
    {
        var verifier = VerifierAt(MidStepSeconds, window);
        string code = TotpVerifier.ComputeCode(FixedSeed, verifier.CurrentStep);

        Assert.Equal(verifier.CurrentStep, verifier.Verify(FixedSeed, code));
    }

    [Fact]
    public void Constructor_NullClock_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new TotpVerifier(null!, 1));
    }

    private static TotpVerifier VerifierAt(long unixSeconds, int window) =>
        new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)), window);
}

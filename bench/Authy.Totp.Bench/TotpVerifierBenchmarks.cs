using Authy.Totp.Totp;
using BenchmarkDotNet.Attributes;

namespace Authy.Totp.Bench;

/// <summary>
/// <see cref="TotpVerifier.Verify"/> alone, with no database: the HMAC-SHA1 part of a code check over
/// a window of one step on each side (three codes).
/// </summary>
[Config(typeof(ShortRunConfig))]
public class TotpVerifierBenchmarks
{
    private static readonly StepClock Clock = new(TotpVerifier.StepAt(DateTimeOffset.UtcNow));
    private static readonly TotpVerifier Verifier = new(Clock, window: 1);
    private static readonly string ValidCode = TotpVerifier.ComputeCode(BenchStore.Seed, Clock.Step);
    private static readonly string WrongCode = FindWrongCode();

    [Benchmark]
    public long? VerifyValidCode() => Verifier.Verify(BenchStore.Seed, ValidCode);

    [Benchmark]
    public long? VerifyWrongCode() => Verifier.Verify(BenchStore.Seed, WrongCode);

    private static string FindWrongCode()
    {
        for (int candidate = 0; ; candidate++)
        {
            string code = candidate.ToString("D6");
            if (Verifier.Verify(BenchStore.Seed, code) is null)
            {
                return code;
            }
        }
    }
}

using Authy.Totp.Store;
using Authy.Totp.Totp;
using Authy.Totp.Verification;
using BenchmarkDotNet.Attributes;

namespace Authy.Totp.Bench;

/// <summary>
/// <see cref="CodeCheck.Run"/> with the default window of one step on each side: three HMAC-SHA1 codes
/// and, for a matching code, the replay UPDATE against a SQLite database in a temporary directory.
/// </summary>
[Config(typeof(FixedInvocationConfig))]
public class CodeCheckBenchmarks
{
    private const int Window = 1;

    private static BenchStore files = null!;
    private static SecretStore store = null!;
    private static StepClock clock = null!;
    private static TotpVerifier verifier = null!;
    private static CodeTable codes = null!;
    private static long usedStep;
    private static string usedCode = null!;
    private static string wrongCode = null!;

    [GlobalSetup]
    public void Setup()
    {
        files = BenchStore.Create();
        store = files.Open();
        usedStep = TotpVerifier.StepAt(DateTimeOffset.UtcNow);
        clock = new StepClock(usedStep);
        verifier = new TotpVerifier(clock, Window);
        codes = new CodeTable(usedStep, FixedInvocationConfig.CodesNeeded);
        usedCode = codes.For(usedStep);
        wrongCode = FindWrongCode();

        // Accept the current step once, so that its code is a reused one from here on.
        Expect(CodeCheckResult.Accepted, CodeCheck.Run(store, BenchStore.User, BenchStore.Seed, usedCode, verifier, clock));
        Expect(CodeCheckResult.Reused, CodeCheck.Run(store, BenchStore.User, BenchStore.Seed, usedCode, verifier, clock));
        Expect(CodeCheckResult.Wrong, CodeCheck.Run(store, BenchStore.User, BenchStore.Seed, wrongCode, verifier, clock));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        files.Dispose();
    }

    /// <summary>A code for a step the store has not accepted yet: verified, then recorded as used.</summary>
    [Benchmark]
    public CodeCheckResult CheckValidCode()
    {
        clock.Step++;
        var result = CodeCheck.Run(store, BenchStore.User, BenchStore.Seed, codes.For(clock.Step), verifier, clock);
        return result == CodeCheckResult.Accepted
            ? result
            : throw new InvalidOperationException($"a fresh code for step {clock.Step} returned {result}");
    }

    /// <summary>A code that matches no step in the window, so the database is not touched.</summary>
    [Benchmark]
    public CodeCheckResult CheckWrongCode()
    {
        clock.Step = usedStep;
        return CodeCheck.Run(store, BenchStore.User, BenchStore.Seed, wrongCode, verifier, clock);
    }

    /// <summary>A code that matches an already accepted step: verified, then the UPDATE changes no row.</summary>
    [Benchmark]
    public CodeCheckResult CheckReusedCode()
    {
        clock.Step = usedStep;
        return CodeCheck.Run(store, BenchStore.User, BenchStore.Seed, usedCode, verifier, clock);
    }

    private static string FindWrongCode()
    {
        for (int candidate = 0; ; candidate++)
        {
            string code = candidate.ToString("D6");
            if (verifier.Verify(BenchStore.Seed, code) is null)
            {
                return code;
            }
        }
    }

    private static void Expect(CodeCheckResult expected, CodeCheckResult actual)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"setup check returned {actual}, expected {expected}");
        }
    }
}

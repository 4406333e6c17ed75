using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Authy.Totp.Bench;

/// <summary>
/// BenchmarkDotNet's ShortRun job (1 launch, 3 warmup and 3 measured iterations) with the memory
/// diagnoser, short so that a run of every benchmark takes minutes rather than an hour.
/// </summary>
public sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.ShortRun);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>
/// A job with a fixed number of invocations, for benchmarks that use up one TOTP step per call: the
/// pilot stage is skipped, so the number of calls, and so of precomputed codes, is known in advance.
/// </summary>
public sealed class FixedInvocationConfig : ManualConfig
{
    /// <summary>Calls per iteration.</summary>
    public const int InvocationCount = 1024;

    public const int WarmupCount = 3;

    public const int MeasuredCount = 10;

    /// <summary>Codes to precompute: the calls of every iteration, twice over for the jitting stage and slack.</summary>
    public const int CodesNeeded = 2 * (WarmupCount + MeasuredCount) * InvocationCount;

    public FixedInvocationConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupCount)
            .WithIterationCount(MeasuredCount)
            .WithInvocationCount(InvocationCount)
            .WithUnrollFactor(16)
            .WithId("FixedInvocations"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>
/// A job that calls the benchmark once per iteration, for a whole login that takes tens to hundreds of
/// milliseconds and uses up one TOTP step per call.
/// </summary>
public sealed class SingleInvocationConfig : ManualConfig
{
    public const int WarmupCount = 2;

    public const int MeasuredCount = 20;

    public SingleInvocationConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupCount)
            .WithIterationCount(MeasuredCount)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("OneCallPerIteration"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

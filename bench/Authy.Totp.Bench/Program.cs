using BenchmarkDotNet.Running;

namespace Authy.Totp.Bench;

public static class Program
{
    /// <summary>Runs the benchmarks that the command line selects, for example <c>--filter '*'</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

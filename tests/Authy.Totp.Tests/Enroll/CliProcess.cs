using System.Diagnostics;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Enroll;

/// <summary>The exit code and the standard output and error of a finished <c>authy-enroll</c> run.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs the published NativeAOT <c>authy-enroll</c> binary as a child process.</summary>
internal static class CliProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string BinaryPath => Artifacts.Path("authy-enroll");

    /// <summary>
    /// Runs <c>authy-enroll ARGS</c>, writes <paramref name="input"/> to its standard input and closes it.
    /// </summary>
    public static CliResult Run(IEnumerable<string> arguments, string? input = null) =>
        RunProgram(BinaryPath, arguments, input);

    public static CliResult RunProgram(string program, IEnumerable<string> arguments, string? input = null)
    {
        ProcessResult result = ProcessRunner.Run(program, arguments, input, (int)Timeout.TotalSeconds);
        return new CliResult(result.ExitCode, result.Output, result.Error);
    }

    public static Process Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
    }

    public static void WaitForExit(Process process)
    {
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.FileName} did not exit within {Timeout.TotalSeconds} s");
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// A running <c>authy-enroll enroll</c>. The test reads the printed URI before it types a code, the way a
/// person scans the QR code before typing the code from the app.
/// </summary>
internal sealed class EnrollSession : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Task<string> error;

    public EnrollSession(IEnumerable<string> arguments)
    {
        process = CliProcess.Start(CliProcess.BinaryPath, arguments);
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Reads standard output up to the otpauth URI line and returns that line.</summary>
    public string ReadUri()
    {
        while (true)
        {
            Task<string?> read = process.StandardOutput.ReadLineAsync();
            Assert.True(read.Wait(CliProcess.Timeout), "authy-enroll printed no otpauth URI in time");
            string? line = read.Result;
            Assert.True(line is not null, $"authy-enroll ended without an otpauth URI; stdout:\n{output}");
            output.Append(line).Append('\n');
            if (line.StartsWith("otpauth://", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    public void Answer(string line)
    {
        process.StandardInput.Write(line + "\n");
        process.StandardInput.Flush();
    }

    /// <summary>Closes standard input, waits for the exit and returns everything the process printed.</summary>
    public CliResult Finish()
    {
        process.StandardInput.Close();
        Task<string> rest = process.StandardOutput.ReadToEndAsync();
        Assert.True(rest.Wait(CliProcess.Timeout), "authy-enroll did not close its output in time");
        CliProcess.WaitForExit(process);
        output.Append(rest.Result);
        return new CliResult(process.ExitCode, output.ToString(), error.Result);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}

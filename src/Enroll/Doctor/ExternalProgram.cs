using System.ComponentModel;
using System.Diagnostics;

namespace Authy.Enroll.Doctor;

/// <summary>Exit code and output of a program that the doctor ran, or why it could not run.</summary>
internal sealed record ProgramOutput(int ExitCode, string Output, string Error, string? StartError)
{
    public bool Started => StartError is null;
}

/// <summary>Runs a system program such as <c>sshd -T</c> or <c>timedatectl</c> with a time limit.</summary>
internal static class ExternalProgram
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static ProgramOutput Run(string program, params string[] arguments)
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

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            return new ProgramOutput(-1, "", "", e.Message);
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return new ProgramOutput(-1, "", "", $"it did not finish within {Timeout.TotalSeconds:0} s");
            }

            return new ProgramOutput(process.ExitCode, output.Result, error.Result, null);
        }
    }
}

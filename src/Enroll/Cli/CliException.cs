namespace Authy.Enroll.Cli;

/// <summary>
/// A failure that <c>authy-enroll</c> reports as one line on standard error. The message names the value
/// and the fix, and never contains a seed.
/// </summary>
internal sealed class CliException : Exception
{
    private CliException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    /// <summary>An invalid argument or option value (exit code 2).</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);

    /// <summary>A command that could not be carried out (exit code 1).</summary>
    public static CliException Failure(string message) => new(message, ExitCodes.Failure);
}

namespace Authy.Enroll.Cli;

/// <summary>Process exit codes of <c>authy-enroll</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed, or <c>status</c> found the user not enrolled.</summary>
    public const int Failure = 1;

    /// <summary>The command line is invalid: an unknown option, a missing argument or an invalid value.</summary>
    public const int Usage = 2;
}

namespace Authy.Enroll.Doctor;

/// <summary>Outcome of one doctor check.</summary>
internal enum DoctorStatus
{
    Ok,
    Warn,
    Fail,
    Skip,
}

/// <summary>One line of the doctor's report: the check's name, its outcome, what it found and how to fix it.</summary>
internal sealed record DoctorResult(string Check, DoctorStatus Status, string Message, string Fix)
{
    public static DoctorResult Ok(string check, string message) => new(check, DoctorStatus.Ok, message, "");

    public static DoctorResult Warn(string check, string message, string fix) => new(check, DoctorStatus.Warn, message, fix);

    public static DoctorResult Fail(string check, string message, string fix) => new(check, DoctorStatus.Fail, message, fix);

    public static DoctorResult Skip(string check, string message) => new(check, DoctorStatus.Skip, message, "");

    /// <summary>
    /// Returns a failure from a <see cref="Authy.Totp.SetupException"/> message, which has the form
    /// "what failed; what to do", split into the report's message and fix.
    /// </summary>
    public static DoctorResult FromSetupError(string check, string setupMessage, string fallbackFix)
    {
        int separator = setupMessage.IndexOf("; ", StringComparison.Ordinal);
        return separator < 0
            ? Fail(check, setupMessage, fallbackFix)
            : Fail(check, setupMessage[..separator], setupMessage[(separator + 2)..]);
    }
}

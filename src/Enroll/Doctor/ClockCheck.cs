namespace Authy.Enroll.Doctor;

/// <summary>
/// Checks that the system clock is synchronised, because a code is accepted only within
/// <c>window</c> steps of 30 s around the server's time.
/// </summary>
internal static class ClockCheck
{
    private const string Check = "clock";

    public static DoctorResult Run(string timedatectl)
    {
        ProgramOutput result = ExternalProgram.Run(timedatectl, "show", "-p", "NTPSynchronized", "--value");
        if (!result.Started || result.ExitCode != 0)
        {
            string why = result.Started ? result.Error.Trim().ReplaceLineEndings("; ") : $"{timedatectl}: {result.StartError}";
            return DoctorResult.Warn(Check, $"cannot tell whether the clock is synchronised ({why})",
                "check that chronyd, ntpd or systemd-timesyncd is running");
        }

        return result.Output.Trim() switch
        {
            "yes" => DoctorResult.Ok(Check, "the clock is synchronised (NTPSynchronized=yes)"),
            string value => DoctorResult.Fail(Check,
                $"the clock is not synchronised (NTPSynchronized={value}), so codes fail once it drifts by a step",
                "run 'timedatectl set-ntp true', or start chronyd or ntpd"),
        };
    }
}

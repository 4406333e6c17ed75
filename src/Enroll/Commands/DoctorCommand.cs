using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Enroll.Doctor;
using Authy.Enroll.Input;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll doctor [USER]</c>: checks the installation, the PAM file, sshd's settings, the files and
/// their modes, the clock and the Authy API, and prints OK, WARN or FAIL with a fix for each. Exits with 1
/// when any check fails.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string?>("USER") { Description = "Also check this user's enrollment", Arity = ArgumentArity.ZeroOrOne };
        var offline = new Option<bool>("--offline") { Description = "Do not contact the Authy API" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {check, status, message, fix}" };
        var pamFile = new Option<string>("--pam-file")
        {
            Description = "PAM service file to check",
            HelpName = "FILE",
            DefaultValueFactory = _ => DoctorOptions.DefaultPamFile,
        };
        var sshdConfig = new Option<string>("--sshd-config")
        {
            Description = "sshd config file, read through 'sshd -T'",
            HelpName = "FILE",
            DefaultValueFactory = _ => DoctorOptions.DefaultSshdConfig,
        };
        var sshd = new Option<string>("--sshd")
        {
            Description = "sshd program",
            HelpName = "PATH",
            DefaultValueFactory = _ => DoctorOptions.DefaultSshdProgram,
        };

        // Tests replace timedatectl, because a container cannot change the clock's synchronisation.
        var timedatectl = new Option<string>("--timedatectl")
        {
            Hidden = true,
            DefaultValueFactory = _ => DoctorOptions.DefaultTimedatectl,
        };
        var command = new Command("doctor", "Check the installation and print OK, WARN or FAIL with a fix for each; " +
            "exit code 1 if any check fails")
        {
            user, offline, json, pamFile, sshdConfig, sshd, timedatectl,
        };
        command.SetAction(parsed =>
        {
            string? name = parsed.GetValue(user);
            var options = new DoctorOptions(
                parsed.GetRequiredValue(configOption),
                name is null ? null : UserName.Validate(name),
                parsed.GetValue(offline),
                parsed.GetRequiredValue(pamFile),
                parsed.GetRequiredValue(sshdConfig),
                parsed.GetRequiredValue(sshd),
                parsed.GetRequiredValue(timedatectl));
            return Run(options, parsed.GetValue(json));
        });
        return command;
    }

    private static int Run(DoctorOptions options, bool json)
    {
        IReadOnlyList<DoctorResult> results = DoctorRun.Run(options);
        if (json)
        {
            using Stream output = Console.OpenStandardOutput();
            DoctorReport.WriteJson(output, results);
        }
        else
        {
            DoctorReport.WriteText(Console.Out, results);
        }

        return results.Any(result => result.Status == DoctorStatus.Fail) ? ExitCodes.Failure : ExitCodes.Success;
    }
}

using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Enroll.PamTest;
using static Authy.Enroll.Interop.Pam;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll test USER</c>: runs the PAM stack of a service the way a login does (pam_start,
/// pam_authenticate, pam_acct_mgmt, pam_end), prompting on the terminal, and prints each step's result
/// as "STEP: PAM_NAME (description)". Exits with 1 unless authentication and account checks succeed.
/// </summary>
/// <remarks>
/// This loads pam_authy.so, itself a NativeAOT library with its own .NET runtime, into this NativeAOT
/// process. The tests run that combination through libpam.
/// </remarks>
internal static unsafe class PamTestCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "Login name to authenticate" };
        var service = new Option<string>("--service")
        {
            Description = "PAM service whose stack runs, a file name in the PAM directory",
            HelpName = "NAME",
            DefaultValueFactory = _ => "sshd",
        };
        var pamDirectory = new Option<string?>("--pam-dir")
        {
            Description = "Read the service file from this directory instead of /etc/pam.d",
            HelpName = "DIR",
        };
        var command = new Command("test", "Run a service's PAM stack for USER as a login would, prompting on the " +
            "terminal; exit code 1 unless it succeeds")
        {
            user, service, pamDirectory,
        };
        command.SetAction(parsed => Run(
            UserName.Validate(parsed.GetRequiredValue(user)),
            parsed.GetRequiredValue(service),
            parsed.GetValue(pamDirectory)));
        return command;
    }

    private static int Run(string user, string service, string? pamDirectory)
    {
        if (service.Length == 0 || service.Contains('/'))
        {
            throw CliException.Usage($"invalid service name '{service}'; give a file name such as sshd");
        }

        if (pamDirectory is not null && !Directory.Exists(pamDirectory))
        {
            throw CliException.Usage($"PAM directory {pamDirectory} not found");
        }

        pam_conv conversation = TerminalConversation.Create();
        nint handle;
        int status = pamDirectory is null
            ? pam_start(service, user, &conversation, out handle)
            : pam_start_confdir(service, user, &conversation, pamDirectory, out handle);
        Report("start", handle, status);
        if (status != PAM_SUCCESS)
        {
            return ExitCodes.Failure;
        }

        status = pam_authenticate(handle, 0);
        Report("authenticate", handle, status);
        if (status == PAM_SUCCESS)
        {
            status = pam_acct_mgmt(handle, 0);
            Report("account", handle, status);
        }

        pam_end(handle, status);
        return status == PAM_SUCCESS ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Report(string step, nint handle, int status)
    {
        Console.Out.WriteLine($"{step}: {PamReturnCodes.Name(status)} ({StrError(handle, status)})");
        Console.Out.Flush();
    }
}

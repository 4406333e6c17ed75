using System.CommandLine;
using System.CommandLine.Invocation;
using Authy.Enroll.Cli;
using Authy.Totp.Config;

namespace Authy.Enroll.Commands;

/// <summary>Builds the command tree, parses the arguments and runs the chosen command.</summary>
internal static class CommandLine
{
    public static int Run(string[] args)
    {
        var config = new Option<string>("--config")
        {
            Description = "Configuration file that names the database, the key file and the API settings",
            HelpName = "FILE",
            Recursive = true,
            DefaultValueFactory = _ => AuthyConfig.DefaultPath,
        };
        var root = new RootCommand("Enrolls users for pam_authy, offline TOTP codes from the Authy app.")
        {
            config,
            InitCommand.Create(config),
            EnrollCommand.Create(config),
            ListCommand.Create(config),
            RemoveCommand.Create(config),
            StatusCommand.Create(config),
            RecoveryCodesCommand.Create(config),
            UnlockCommand.Create(config),
            AuthyIdCommand.Create(config),
            ImportLegacyCommand.Create(config),
            ApiKeyCommand.Create(config),
            DoctorCommand.Create(config),
            PamTestCommand.Create(),
            ImportGoogleAuthenticatorCommand.Create(config),
        };

        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            return ReportUsageError(parsed);
        }

        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        return ErrorReporter.Run(() => parsed.Invoke(invocation));
    }

    /// <summary>Prints the parse errors as one line, in place of the library's error list and help text.</summary>
    private static int ReportUsageError(ParseResult parsed)
    {
        var errors = parsed.Errors.Select(error => error.Message.TrimEnd('.')).Distinct().ToList();
        string error = errors.Count > 0 ? string.Join("; ", errors) : "invalid command line";
        Messages.Error($"{error}; run 'authy-enroll --help' for usage");
        return ExitCodes.Usage;
    }
}

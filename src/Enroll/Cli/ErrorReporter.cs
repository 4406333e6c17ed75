using Authy.Totp;
using Microsoft.Data.Sqlite;

namespace Authy.Enroll.Cli;

/// <summary>
/// Runs a command and turns every exception into one line on standard error and an exit code, so a
/// failure never prints a stack trace.
/// </summary>
internal static class ErrorReporter
{
    public static int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (CliException e)
        {
            return Report(e.Message, e.ExitCode);
        }
        catch (SetupException e)
        {
            return Report(e.Message, ExitCodes.Failure);
        }
        catch (UnauthorizedAccessException e)
        {
            string hint = Environment.IsPrivilegedProcess ? "check the file's owner and mode" : RootAccess.Hint;
            return Report($"{e.Message.TrimEnd('.')}; {hint}", ExitCodes.Failure);
        }
        catch (SqliteException e)
        {
            return Report($"database operation failed: {e.Message}", ExitCodes.Failure);
        }
        catch (IOException e)
        {
            return Report(e.Message, ExitCodes.Failure);
        }
        catch (Exception e)
        {
            // The last boundary before the runtime would print a stack trace. Core and this program hold
            // seeds only in byte arrays, so exception messages do not contain them.
            return Report($"unexpected {e.GetType().Name}: {e.Message}; please report this bug", ExitCodes.Failure);
        }
    }

    private static int Report(string message, int exitCode)
    {
        Messages.Error(OneLine(message));
        return exitCode;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

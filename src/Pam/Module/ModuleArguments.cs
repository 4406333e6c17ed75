using System.Runtime.InteropServices;

namespace Authy.Pam;

/// <summary>
/// Arguments after the module path on the PAM configuration line.
/// </summary>
/// <remarks>
/// <c>debug</c> logs each step at LOG_DEBUG; <c>nullok</c> lets users without a secret through with
/// PAM_IGNORE; <c>config=FILE</c> selects the configuration file; <c>helper=FILE</c> the helper
/// program; <c>timeout=SECONDS</c> bounds the wait for each message from the helper (1 to 600);
/// <c>fail_delay=MS</c> is the delay after a failed login that the module requests from libpam (0 to
/// 10000, 0 requests none).
/// </remarks>
internal sealed class ModuleArguments
{
    public const string DefaultConfig = "/etc/authy/pam_authy.conf";
    public const string DefaultHelper = "/usr/libexec/pam_authy/pam_authy_helper";
    public const int DefaultTimeoutSeconds = 20;
    public const int DefaultFailDelayMilliseconds = 2000;
    public const int MaxFailDelayMilliseconds = 10000;

    public bool Debug { get; private set; }

    public bool NullOk { get; private set; }

    public string ConfigPath { get; private set; } = DefaultConfig;

    public string HelperPath { get; private set; } = DefaultHelper;

    public int TimeoutSeconds { get; private set; } = DefaultTimeoutSeconds;

    public int FailDelayMilliseconds { get; private set; } = DefaultFailDelayMilliseconds;

    /// <summary>The first invalid argument with the reason, or null when all are valid.</summary>
    public string? Error { get; private set; }

    public static unsafe ModuleArguments Parse(int argc, byte** argv)
    {
        var arguments = new ModuleArguments();
        for (int i = 0; i < argc && arguments.Error is null; i++)
        {
            string argument = Marshal.PtrToStringUTF8((IntPtr)argv[i]) ?? string.Empty;
            arguments.Apply(argument);
        }

        return arguments;
    }

    private void Apply(string argument)
    {
        int equals = argument.IndexOf('=');
        string name = equals < 0 ? argument : argument[..equals];
        string? value = equals < 0 ? null : argument[(equals + 1)..];
        switch (name)
        {
            case "debug" when value is null:
                Debug = true;
                break;
            case "nullok" when value is null:
                NullOk = true;
                break;
            case "config" when value is not null:
                ConfigPath = AbsolutePath(argument, value) ?? ConfigPath;
                break;
            case "helper" when value is not null:
                HelperPath = AbsolutePath(argument, value) ?? HelperPath;
                break;
            case "timeout" when value is not null:
                TimeoutSeconds = Timeout(argument, value);
                break;
            case "fail_delay" when value is not null:
                FailDelayMilliseconds = FailDelay(argument, value);
                break;
            default:
                Error = $"unknown module argument '{LogText.Sanitize(argument)}'; valid arguments are " +
                    "debug, nullok, config=FILE, helper=FILE, timeout=SECONDS, fail_delay=MS";
                break;
        }
    }

    private string? AbsolutePath(string argument, string value)
    {
        if (value.Length > 0 && value[0] == '/')
        {
            return value;
        }

        Error = $"module argument '{LogText.Sanitize(argument)}' needs an absolute path";
        return null;
    }

    private int Timeout(string argument, string value)
    {
        if (int.TryParse(value, out int seconds) && seconds is >= 1 and <= 600)
        {
            return seconds;
        }

        Error = $"module argument '{LogText.Sanitize(argument)}' needs a whole number of seconds from 1 to 600";
        return DefaultTimeoutSeconds;
    }

    private int FailDelay(string argument, string value)
    {
        if (int.TryParse(value, out int milliseconds) && milliseconds is >= 0 and <= MaxFailDelayMilliseconds)
        {
            return milliseconds;
        }

        Error = $"module argument '{LogText.Sanitize(argument)}' needs a whole number of milliseconds " +
            $"from 0 to {MaxFailDelayMilliseconds}";
        return DefaultFailDelayMilliseconds;
    }
}

namespace Authy.Totp.Logging;

/// <summary>Syslog priorities (RFC 5424 severity), with the values of <c>syslog.h</c>.</summary>
public enum LogPriority
{
    Crit = 2,
    Err = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}

/// <summary>
/// A log destination: syslog through the PAM module, or standard error in the CLI. Messages are for
/// the administrator and never contain a seed, a key or a typed code.
/// </summary>
public interface ILogSink
{
    void Log(LogPriority priority, string message);
}

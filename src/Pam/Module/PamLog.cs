namespace Authy.Pam;

/// <summary>Writes log lines through <c>pam_syslog</c>, which adds the service name and LOG_AUTHPRIV.</summary>
internal static class PamLog
{
    public const int Crit = 2;
    public const int Err = 3;
    public const int Warning = 4;
    public const int Notice = 5;
    public const int Info = 6;
    public const int Debug = 7;

    public static void Write(IntPtr pamh, int priority, string message)
    {
        Interop.Pam.pam_syslog(pamh, priority, "%s", LogText.Sanitize(message));
    }
}

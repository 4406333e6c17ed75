namespace Authy.Enroll.Doctor;

/// <summary>The files and programs that <c>authy-enroll doctor</c> inspects.</summary>
internal sealed record DoctorOptions(
    string ConfigPath,
    string? User,
    bool Offline,
    string PamFile,
    string SshdConfig,
    string SshdProgram,
    string Timedatectl)
{
    public const string DefaultPamFile = "/etc/pam.d/sshd";
    public const string DefaultSshdConfig = "/etc/ssh/sshd_config";
    public const string DefaultSshdProgram = "/usr/sbin/sshd";
    public const string DefaultTimedatectl = "timedatectl";
    public const string DefaultHelperPath = "/usr/libexec/pam_authy/pam_authy_helper";
    public const string ModuleName = "pam_authy.so";
}

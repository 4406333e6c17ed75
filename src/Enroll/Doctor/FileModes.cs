using Authy.Totp.Security;

namespace Authy.Enroll.Doctor;

/// <summary>Owner and mode checks shared by the doctor's file checks.</summary>
internal static class FileModes
{
    public const UnixFileMode GroupOrOtherAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    /// <summary>
    /// Checks that <paramref name="path"/> is owned by root and grants none of <paramref name="forbidden"/>.
    /// </summary>
    /// <param name="fixMode">The mode that the fix's chmod sets, such as "600".</param>
    public static DoctorResult CheckOwnerAndMode(
        string check, string description, string path, UnixFileMode forbidden, string fixMode)
    {
        FileStatus status;
        try
        {
            status = FileStatus.Read(path);
        }
        catch (IOException e)
        {
            return DoctorResult.Fail(check, $"{description} {path} could not be read: {e.Message}",
                $"create it, or set the right path in the config file");
        }

        string fix = $"chown root:root {path} && chmod {fixMode} {path}";
        if (status.OwnerId != 0)
        {
            return DoctorResult.Fail(check, $"{description} {path} is owned by uid {status.OwnerId}, not root", fix);
        }

        if ((status.Mode & forbidden) != 0)
        {
            return DoctorResult.Fail(
                check, $"{description} {path} has mode {Octal(status.Mode)}, which lets other users change or read it", fix);
        }

        return DoctorResult.Ok(check, $"{description} {path} is owned by root with mode {Octal(status.Mode)}");
    }
}

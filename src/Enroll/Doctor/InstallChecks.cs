using Authy.Totp.Security;

namespace Authy.Enroll.Doctor;

/// <summary>Checks that the module and its helper are installed where the PAM service file expects them.</summary>
internal static class InstallChecks
{
    private const string ExportedFunction = "pam_sm_authenticate";
    private const string InstallFix = "run 'sudo ./install.sh' from the pam_authy source tree";

    /// <summary>Candidate PAM module directories; the one with pam_unix.so is the one libpam uses.</summary>
    private static readonly string[] ModuleDirectories =
    [
        "/lib/x86_64-linux-gnu/security",
        "/usr/lib/x86_64-linux-gnu/security",
        "/lib/aarch64-linux-gnu/security",
        "/usr/lib/aarch64-linux-gnu/security",
        "/lib64/security",
        "/usr/lib64/security",
        "/lib/security",
        "/usr/lib/security",
    ];

    /// <summary>
    /// Returns the module path: the one in the PAM rule when it is absolute, otherwise the module directory
    /// joined with the rule's name (or with pam_authy.so when there is no rule). Null when no directory is found.
    /// </summary>
    public static string? ModulePath(PamRule? rule)
    {
        string name = rule?.Module ?? DoctorOptions.ModuleName;
        if (Path.IsPathRooted(name))
        {
            return name;
        }

        string? directory = ModuleDirectories.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pam_unix.so")));
        return directory is null ? null : Path.Combine(directory, name);
    }

    /// <summary>
    /// Checks that the module exists and that the dynamic loader can load it and find pam_sm_authenticate,
    /// as libpam does for each login.
    /// </summary>
    public static DoctorResult CheckModule(PamRule? rule)
    {
        const string check = "module";
        string? path = ModulePath(rule);
        if (path is null)
        {
            return DoctorResult.Fail(check, "no PAM module directory with pam_unix.so was found",
                "install libpam-modules, then " + InstallFix);
        }

        if (!File.Exists(path))
        {
            return DoctorResult.Fail(check, $"module {path} not found", InstallFix);
        }

        // dlopen runs the library's ELF initializers in this process. A NativeAOT library starts its .NET
        // runtime only on the first call into an export, which the doctor never makes.
        nint handle = Interop.Dl.dlopen(path, Interop.Dl.RTLD_NOW | Interop.Dl.RTLD_LOCAL);
        if (handle == 0)
        {
            return DoctorResult.Fail(check, $"module {path} cannot be loaded: {Interop.Dl.LastError()}",
                InstallFix + " to reinstall it, and install libsqlite3-0 if the error names it");
        }

        try
        {
            if (Interop.Dl.dlsym(handle, ExportedFunction) == 0)
            {
                return DoctorResult.Fail(check, $"module {path} loads but does not export {ExportedFunction}",
                    InstallFix + " to install a pam_authy build");
            }
        }
        finally
        {
            Interop.Dl.dlclose(handle);
        }

        return DoctorResult.Ok(check, $"module {path} loads and exports {ExportedFunction}");
    }

    /// <summary>Checks that the helper exists, is owned by root, executable, and writable only by root.</summary>
    public static DoctorResult CheckHelper(string path)
    {
        const string check = "helper";
        string fix = $"chown root:root {path} && chmod 755 {path}";
        FileStatus status;
        try
        {
            status = FileStatus.Read(path);
        }
        catch (IOException e)
        {
            return DoctorResult.Fail(check, $"helper {path} not found ({e.Message})", InstallFix);
        }

        if (status.IsDirectory)
        {
            return DoctorResult.Fail(check, $"helper {path} is a directory", InstallFix);
        }

        if (status.OwnerId != 0)
        {
            return DoctorResult.Fail(check,
                $"helper {path} is owned by uid {status.OwnerId}, so that user could replace what runs for every login", fix);
        }

        if ((status.Mode & FileModes.GroupOrOtherWrite) != 0)
        {
            return DoctorResult.Fail(check,
                $"helper {path} has mode {FileModes.Octal(status.Mode)}, so other users can change it", fix);
        }

        if ((status.Mode & UnixFileMode.UserExecute) == 0)
        {
            return DoctorResult.Fail(check,
                $"helper {path} has mode {FileModes.Octal(status.Mode)} and is not executable", fix);
        }

        return DoctorResult.Ok(check, $"helper {path} is owned by root with mode {FileModes.Octal(status.Mode)}");
    }
}

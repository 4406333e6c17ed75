namespace Authy.Enroll.Cli;

/// <summary>
/// Turns "permission denied" on the root-owned files into an error that instructs the user to run as root.
/// Root itself is not required, so a configuration whose files the caller can access works without it.
/// </summary>
internal static class RootAccess
{
    public const string Hint = "authy-enroll needs root to manage these files; run it with sudo";

    /// <summary>
    /// Throws when the effective user is not root and the kernel denies access to <paramref name="path"/>.
    /// A missing file passes, so the caller can report it as not found.
    /// </summary>
    /// <remarks>
    /// The check matters because .NET's <see cref="File.Exists(string)"/> returns false for a file inside
    /// a directory the caller cannot search, which would turn "permission denied" into "not found".
    /// </remarks>
    public static void Require(string path, string description, bool write)
    {
        if (Environment.IsPrivilegedProcess)
        {
            return;
        }

        int mode = write ? Interop.Libc.R_OK | Interop.Libc.W_OK : Interop.Libc.R_OK;
        if (Interop.Libc.CheckEffectiveAccess(path, mode) == Interop.Libc.EACCES)
        {
            throw CliException.Failure($"{description} {path}: permission denied; {Hint}");
        }
    }
}

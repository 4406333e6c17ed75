using System.Runtime.InteropServices;

namespace Authy.Totp.Security;

/// <summary>
/// Ownership and mode checks in the manner of sshd's StrictModes: a file that decides who logs in must be
/// owned by root and not writable by group or others, and so must every directory on its path up to
/// <c>/</c>, because whoever can write a directory can replace the file in it.
/// </summary>
/// <remarks>
/// Unlike sshd, a directory owned by root with the sticky bit set (such as <c>/tmp</c>, mode 1777) is
/// accepted even when others can write it. The sticky bit stops others from renaming or removing entries
/// they do not own, and the next entry down the path is itself checked to be owned by root. sshd would
/// reject such a directory. The path is resolved with <c>realpath(3)</c> first, so the directories of a
/// symbolic link's target are checked, not those of the link. A missing file is not a problem here: the
/// code that opens it reports that with its own message.
/// </remarks>
public static partial class StrictFiles
{
    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private const UnixFileMode GroupOrOtherAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const int NoSuchFile = 2;

    /// <summary>
    /// Checks <paramref name="path"/> and the directories above it.
    /// </summary>
    /// <param name="description">What the file is, for the message: "key file", "database".</param>
    /// <param name="secret">True for a file whose content is secret: then group and others may not read it either.</param>
    /// <param name="fixMode">The octal mode the fix in the message sets: 600 for data, 755 for a program.</param>
    /// <returns>A message naming the unsafe file, its owner, its mode and the fix, or null when it is safe or missing.</returns>
    public static string? FindProblem(string path, string description, bool secret, string fixMode = "600")
    {
        string? real = RealPath(path, out int errno);
        if (real is null)
        {
            return errno == NoSuchFile
                ? null
                : $"{description} {path} could not be checked: {Marshal.GetPInvokeErrorMessage(errno)}";
        }

        string named = real == path ? path : $"{path} (resolved to {real})";
        if (!TryRead(real, out FileStatus status, out string? error))
        {
            return $"{description} {named} could not be checked: {error}";
        }

        UnixFileMode forbidden = secret ? GroupOrOtherAccess : GroupOrOtherWrite;
        if (status.OwnerId != 0 || (status.Mode & forbidden) != 0)
        {
            string others = secret ? "read or change" : "change";
            return $"{description} {named} has owner uid {status.OwnerId} and mode {Octal(status.Mode)}, which lets " +
                $"others {others} it; run 'chown root:root {real} && chmod {fixMode} {real}'";
        }

        for (string? directory = Path.GetDirectoryName(real); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (!TryRead(directory, out FileStatus parent, out error))
            {
                return $"directory {directory} above {description} {named} could not be checked: {error}";
            }

            if (!IsSafeDirectory(parent))
            {
                return $"directory {directory} above {description} {named} has owner uid {parent.OwnerId} and mode " +
                    $"{Octal(parent.Mode)}, which lets others replace the file; " +
                    $"run 'chown root:root {directory} && chmod go-w {directory}'";
            }
        }

        return null;
    }

    /// <summary>Returns true for a directory owned by root that others cannot write, or that has the sticky bit.</summary>
    private static bool IsSafeDirectory(FileStatus status) =>
        status.OwnerId == 0 && ((status.Mode & GroupOrOtherWrite) == 0 || (status.Mode & UnixFileMode.StickyBit) != 0);

    private static bool TryRead(string path, out FileStatus status, out string? error)
    {
        try
        {
            status = FileStatus.Read(path);
            error = null;
            return true;
        }
        catch (IOException e)
        {
            status = default;
            error = e.Message;
            return false;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static unsafe string? RealPath(string path, out int errno)
    {
        byte* resolved = realpath(path, null);
        if (resolved == null)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        try
        {
            errno = 0;
            return Marshal.PtrToStringUTF8((IntPtr)resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial byte* realpath(string path, byte* resolved);

    [LibraryImport("libc")]
    private static unsafe partial void free(byte* pointer);
}

using System.Runtime.InteropServices;

namespace Authy.Totp.Security;

/// <summary>Owner and mode of a file, read with statx(2) because .NET has no API for the owner.</summary>
public readonly partial record struct FileStatus(uint OwnerId, uint GroupId, UnixFileMode Mode, bool IsDirectory)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxBufferSize = 256;
    private const int UidOffset = 20;
    private const int GidOffset = 24;
    private const int ModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int DirectoryType = 0x4000;

    /// <summary>Reads the status of <paramref name="path"/>, following symbolic links.</summary>
    /// <exception cref="IOException">statx failed; the message has the errno text.</exception>
    public static unsafe FileStatus Read(string path)
    {
        // struct statx has the same layout on every architecture, unlike struct stat.
        byte* buffer = stackalloc byte[StatxBufferSize];
        if (statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        uint owner = *(uint*)(buffer + UidOffset);
        uint group = *(uint*)(buffer + GidOffset);
        ushort mode = *(ushort*)(buffer + ModeOffset);
        return new FileStatus(owner, group, (UnixFileMode)(mode & 0xFFF), (mode & FileTypeMask) == DirectoryType);
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}

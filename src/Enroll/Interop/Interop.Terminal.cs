using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Authy.Enroll;

internal static unsafe partial class Interop
{
    /// <summary>Terminal and raw read functions of the C library, for prompts with echo off.</summary>
    internal static partial class Terminal
    {
        internal const int StandardInput = 0;

        // struct termios on Linux: c_iflag, c_oflag, c_cflag and c_lflag are 4-byte fields, then c_line,
        // c_cc[32] and two speeds, 60 bytes in all on x86-64 and AArch64.
        internal const int TermiosSize = 64;
        private const int LocalFlagsOffset = 12;
        private const uint ECHO = 0x8;
        private const int TCSAFLUSH = 2;

        /// <summary>Turns echo off on <paramref name="fd"/> and returns the previous settings, or null if it is no terminal.</summary>
        internal static byte[]? DisableEcho(int fd)
        {
            if (isatty(fd) != 1)
            {
                return null;
            }

            byte[] saved = new byte[TermiosSize];
            fixed (byte* termios = saved)
            {
                if (tcgetattr(fd, termios) != 0)
                {
                    return null;
                }
            }

            byte[] quiet = (byte[])saved.Clone();
            fixed (byte* termios = quiet)
            {
                *(uint*)(termios + LocalFlagsOffset) &= ~ECHO;
                tcsetattr(fd, TCSAFLUSH, termios);
            }

            return saved;
        }

        internal static void Restore(int fd, byte[] saved)
        {
            fixed (byte* termios = saved)
            {
                tcsetattr(fd, TCSAFLUSH, termios);
            }
        }

        /// <summary>Reads one byte from <paramref name="fd"/>. Returns -1 at end of input or on an error.</summary>
        internal static int ReadByte(int fd)
        {
            byte value;
            nint count;
            do
            {
                count = read(fd, &value, 1);
            }
            while (count < 0 && Marshal.GetLastPInvokeError() == EINTR);

            return count == 1 ? value : -1;
        }

        private const int EINTR = 4;

        [LibraryImport(Libraries.Libc)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        private static partial int isatty(int fd);

        [LibraryImport(Libraries.Libc)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        private static partial int tcgetattr(int fd, byte* termios);

        [LibraryImport(Libraries.Libc)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        private static partial int tcsetattr(int fd, int optional_actions, byte* termios);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        private static partial nint read(int fd, byte* buffer, nuint count);
    }
}

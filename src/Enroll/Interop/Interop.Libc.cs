using System.Runtime.InteropServices;

namespace Authy.Enroll;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int R_OK = 4;
        internal const int W_OK = 2;
        internal const int EACCES = 13;

        private const int AT_FDCWD = -100;
        private const int AT_EACCESS = 0x200;

        /// <summary>
        /// Checks <paramref name="mode"/> access to <paramref name="path"/> for the effective user, as the
        /// kernel would on open. Returns 0 on success or the errno value (for example ENOENT, EACCES).
        /// </summary>
        internal static int CheckEffectiveAccess(string path, int mode)
        {
            return faccessat(AT_FDCWD, path, mode, AT_EACCESS) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }

        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
        private static partial int faccessat(int dirfd, string pathname, int mode, int flags);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Authy.Enroll;

internal static unsafe partial class Interop
{
    /// <summary>The user database (getpwnam(3)), which also covers NSS sources such as LDAP.</summary>
    internal static partial class Passwd
    {
        // struct passwd: pw_name, pw_passwd (pointers), pw_uid, pw_gid (4 bytes each), pw_gecos, pw_dir.
        private const int DirectoryOffset = 32;

        /// <summary>Returns the home directory of <paramref name="user"/>, or null when there is no such user.</summary>
        internal static string? HomeDirectory(string user)
        {
            byte* entry = getpwnam(user);
            return entry is null ? null : Marshal.PtrToStringUTF8(*(nint*)(entry + DirectoryOffset));
        }

        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        private static partial byte* getpwnam(string name);
    }
}

using System.Runtime.InteropServices;

namespace Authy.Enroll;

internal static partial class Interop
{
    /// <summary>The dynamic loader functions, which glibc 2.34 and later has in libc itself.</summary>
    internal static partial class Dl
    {
        internal const int RTLD_NOW = 0x2;
        internal const int RTLD_LOCAL = 0;

        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
        internal static partial nint dlopen(string filename, int flags);

        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
        internal static partial nint dlsym(nint handle, string symbol);

        [LibraryImport(Libraries.Libc)]
        [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
        internal static partial int dlclose(nint handle);

        [LibraryImport(Libraries.Libc)]
        [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
        private static partial nint dlerror();

        /// <summary>Returns the loader's last error text, or a placeholder when there is none.</summary>
        internal static string LastError() => Marshal.PtrToStringUTF8(dlerror()) ?? "no error text from dlerror";
    }
}

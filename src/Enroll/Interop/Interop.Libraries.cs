namespace Authy.Enroll;

internal static partial class Interop
{
    internal static class Libraries
    {
        /// <summary>
        /// The C library. The .NET runtime maps this name to libc.so.6 on glibc systems, where libc.so is a
        /// linker script that dlopen cannot load.
        /// </summary>
        internal const string Libc = "libc";

        /// <summary>Linux-PAM, by its soname, because libpam.so exists only with the development package.</summary>
        internal const string Libpam = "libpam.so.0";
    }
}

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
    }
}

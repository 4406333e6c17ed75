namespace Authy.Pam;

internal static partial class Interop
{
    internal static class Libraries
    {
        internal const string Libc = "libc";
        internal const string Libpam = "libpam.so.0";
    }
}

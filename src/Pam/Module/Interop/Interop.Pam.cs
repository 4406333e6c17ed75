using System.Runtime.InteropServices;

namespace Authy.Pam;

internal static unsafe partial class Interop
{
    /// <summary>Linux-PAM, from <c>security/pam_appl.h</c>, <c>pam_modules.h</c> and <c>pam_ext.h</c>.</summary>
    internal static partial class Pam
    {
        internal const int PAM_SERVICE = 1;
        internal const int PAM_USER = 2;
        internal const int PAM_TTY = 3;
        internal const int PAM_RHOST = 4;
        internal const int PAM_CONV = 5;
        internal const int PAM_RUSER = 8;

        internal const int PAM_PROMPT_ECHO_OFF = 1;
        internal const int PAM_PROMPT_ECHO_ON = 2;
        internal const int PAM_ERROR_MSG = 3;
        internal const int PAM_TEXT_INFO = 4;

        internal const int PAM_SILENT = 0x8000;

        [StructLayout(LayoutKind.Sequential)]
        internal struct pam_message
        {
            public int msg_style;
            public byte* msg;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct pam_response
        {
            public byte* resp;
            public int resp_retcode;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct pam_conv
        {
            public delegate* unmanaged<int, pam_message**, pam_response**, void*, int> conv;
            public void* appdata_ptr;
        }

        [LibraryImport(Libraries.Libpam)]
        internal static partial int pam_get_user(IntPtr pamh, out byte* user, byte* prompt);

        [LibraryImport(Libraries.Libpam)]
        internal static partial int pam_get_item(IntPtr pamh, int item_type, out void* item);

        // libpam keeps the longest delay requested by the modules of the stack and sleeps that long,
        // with some random variation, before it returns a failure (unless the application set
        // PAM_FAIL_DELAY to handle the delay itself).
        [LibraryImport(Libraries.Libpam)]
        internal static partial int pam_fail_delay(IntPtr pamh, uint usec);

        // pam_syslog is variadic. Passing the message through a "%s" format with a fixed signature is
        // valid on the System V x86-64 and AArch64 Linux calling conventions, where a variadic pointer
        // argument travels in the same register as a fixed one.
        [LibraryImport(Libraries.Libpam, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void pam_syslog(IntPtr pamh, int priority, string format, string message);
    }
}

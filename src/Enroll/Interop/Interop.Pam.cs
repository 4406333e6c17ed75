using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Authy.Enroll;

internal static unsafe partial class Interop
{
    /// <summary>The application side of Linux-PAM, from <c>security/pam_appl.h</c>.</summary>
    internal static partial class Pam
    {
        internal const int PAM_SUCCESS = 0;

        internal const int PAM_PROMPT_ECHO_OFF = 1;
        internal const int PAM_PROMPT_ECHO_ON = 2;
        internal const int PAM_ERROR_MSG = 3;
        internal const int PAM_TEXT_INFO = 4;

        internal const int PAM_BUF_ERR = 5;
        internal const int PAM_CONV_ERR = 19;

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

        [LibraryImport(Libraries.Libpam, StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        internal static partial int pam_start(string service_name, string user, pam_conv* pam_conversation, out nint pamh);

        /// <summary>Like pam_start, but reads the service file from <paramref name="confdir"/> (Linux-PAM 1.4 and later).</summary>
        [LibraryImport(Libraries.Libpam, StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        internal static partial int pam_start_confdir(
            string service_name, string user, pam_conv* pam_conversation, string confdir, out nint pamh);

        [LibraryImport(Libraries.Libpam)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        internal static partial int pam_authenticate(nint pamh, int flags);

        [LibraryImport(Libraries.Libpam)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        internal static partial int pam_acct_mgmt(nint pamh, int flags);

        [LibraryImport(Libraries.Libpam)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        internal static partial int pam_end(nint pamh, int pam_status);

        [LibraryImport(Libraries.Libpam)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        private static partial byte* pam_strerror(nint pamh, int errnum);

        /// <summary>Returns libpam's description of a return code, such as "Authentication failure".</summary>
        internal static string StrError(nint pamh, int code) =>
            Marshal.PtrToStringUTF8((nint)pam_strerror(pamh, code)) ?? $"PAM error {code}";
    }
}

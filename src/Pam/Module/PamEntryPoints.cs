using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Authy.Pam;

/// <summary>
/// The service functions that libpam looks up with dlsym. An exception must not escape an
/// UnmanagedCallersOnly method (it would terminate the host, sshd), so each one catches everything and
/// fails closed.
/// </summary>
internal static unsafe class PamEntryPoints
{
    [UnmanagedCallersOnly(EntryPoint = "pam_sm_authenticate", CallConvs = [typeof(CallConvCdecl)])]
    public static int Authenticate(IntPtr pamh, int flags, int argc, byte** argv)
    {
        try
        {
            return (int)Authentication.Run(pamh, flags, ModuleArguments.Parse(argc, argv));
        }
        catch (Exception e)
        {
            LogInternalError(pamh, e);
            return (int)PamResult.ServiceError;
        }
    }

    /// <summary>This module sets no credentials, so there is nothing to do and nothing to fail.</summary>
    [UnmanagedCallersOnly(EntryPoint = "pam_sm_setcred", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetCredentials(IntPtr pamh, int flags, int argc, byte** argv) => (int)PamResult.Success;

    [UnmanagedCallersOnly(EntryPoint = "pam_sm_acct_mgmt", CallConvs = [typeof(CallConvCdecl)])]
    public static int AccountManagement(IntPtr pamh, int flags, int argc, byte** argv) => (int)PamResult.Ignore;

    [UnmanagedCallersOnly(EntryPoint = "pam_sm_open_session", CallConvs = [typeof(CallConvCdecl)])]
    public static int OpenSession(IntPtr pamh, int flags, int argc, byte** argv) => (int)PamResult.Ignore;

    [UnmanagedCallersOnly(EntryPoint = "pam_sm_close_session", CallConvs = [typeof(CallConvCdecl)])]
    public static int CloseSession(IntPtr pamh, int flags, int argc, byte** argv) => (int)PamResult.Ignore;

    [UnmanagedCallersOnly(EntryPoint = "pam_sm_chauthtok", CallConvs = [typeof(CallConvCdecl)])]
    public static int ChangeAuthToken(IntPtr pamh, int flags, int argc, byte** argv) => (int)PamResult.Ignore;

    private static void LogInternalError(IntPtr pamh, Exception e)
    {
        try
        {
            PamLog.Write(pamh, PamLog.Err, $"internal error: {e.GetType().Name}: {e.Message}");
        }
        catch
        {
            // Logging is best effort here: the caller already fails closed.
        }
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Authy.Pam;

/// <summary>
/// One <c>pam_sm_authenticate</c> call: start the helper, relay its conversation, and return its result.
/// Any failure on the way returns an error code, never PAM_SUCCESS.
/// </summary>
internal static unsafe class Authentication
{
    /// <summary>
    /// Bound on the helper's working time in one call, not counting the user's time at prompts. Keep-alive
    /// messages restart the per-message timeout, so this stops a helper that never finishes.
    /// </summary>
    public const int MaxHelperMilliseconds = 15 * 60 * 1000;

    public static PamResult Run(IntPtr pamh, int flags, ModuleArguments arguments)
    {
        if (arguments.Error is not null)
        {
            PamLog.Write(pamh, PamLog.Err, arguments.Error);
            return PamResult.ServiceError;
        }

        if (arguments.FailDelayMilliseconds > 0)
        {
            // Requested before the helper starts, so every failed login is delayed (only an invalid
            // argument fails earlier). It slows guessing over many connections; the lockout caps the total.
            Interop.Pam.pam_fail_delay(pamh, (uint)arguments.FailDelayMilliseconds * 1000);
        }

        int status = Interop.Pam.pam_get_user(pamh, out byte* userPointer, null);
        if (status != (int)PamResult.Success)
        {
            return (PamResult)status;
        }

        string user = Marshal.PtrToStringUTF8((IntPtr)userPointer) ?? string.Empty;
        if (!LoginRequest.IsAcceptableUser(user))
        {
            PamLog.Write(pamh, PamLog.Notice, "rejected a user name that is empty, too long or has control characters");
            return PamResult.UserUnknown;
        }

        using HelperProcess? helper = HelperProcess.Start(arguments.HelperPath, out string? error);
        if (helper is null)
        {
            PamLog.Write(pamh, PamLog.Err, error!);
            return PamResult.AuthInfoUnavailable;
        }

        if (!helper.Send(HelperProtocol.Request, LoginRequest.Build(pamh, user, arguments)))
        {
            PamLog.Write(pamh, PamLog.Err, $"helper {arguments.HelperPath} exited before reading the request");
            return PamResult.AuthInfoUnavailable;
        }

        return Relay(pamh, flags, arguments, helper);
    }

    private static PamResult Relay(IntPtr pamh, int flags, ModuleArguments arguments, HelperProcess helper)
    {
        int timeout = arguments.TimeoutSeconds * 1000;
        long helperTime = 0;
        while (true)
        {
            long started = Environment.TickCount64;
            int wait = (int)Math.Min(timeout, Math.Max(0, MaxHelperMilliseconds - helperTime));
            bool received = helper.Receive(wait, out byte type, out byte[] payload, out string? error);
            helperTime += Environment.TickCount64 - started;
            if (!received)
            {
                PamLog.Write(pamh, PamLog.Err, $"{error} (helper {arguments.HelperPath}, timeout {arguments.TimeoutSeconds} s)");
                return PamResult.AuthInfoUnavailable;
            }

            switch (type)
            {
                case HelperProtocol.Result:
                    return CheckedResult(pamh, payload);
                case HelperProtocol.PromptEchoOff:
                    if (!RelayPrompt(pamh, helper, Encoding.UTF8.GetString(payload)))
                    {
                        PamLog.Write(pamh, PamLog.Err, $"helper {arguments.HelperPath} exited before reading the response");
                        return PamResult.AuthInfoUnavailable;
                    }

                    break;
                case HelperProtocol.TextInfo:
                    Conversation.Show(pamh, flags, Interop.Pam.PAM_TEXT_INFO, Encoding.UTF8.GetString(payload));
                    break;
                case HelperProtocol.ErrorMessage:
                    Conversation.Show(pamh, flags, Interop.Pam.PAM_ERROR_MSG, Encoding.UTF8.GetString(payload));
                    break;
                case HelperProtocol.KeepAlive:
                    break;
                case HelperProtocol.Log when payload.Length > 0:
                    WriteHelperLog(pamh, arguments, payload);
                    break;
                default:
                    PamLog.Write(pamh, PamLog.Err, $"helper {arguments.HelperPath} sent an unknown message type {type}");
                    return PamResult.AuthInfoUnavailable;
            }
        }
    }

    private static bool RelayPrompt(IntPtr pamh, HelperProcess helper, string prompt)
    {
        PamResult status = Conversation.Prompt(pamh, prompt, out byte[] answer);
        try
        {
            return status == PamResult.Success
                ? helper.Send(HelperProtocol.Answer, answer)
                : helper.Send(HelperProtocol.NoAnswer, []);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(answer);
        }
    }

    private static PamResult CheckedResult(IntPtr pamh, byte[] payload)
    {
        if (payload.Length != 4)
        {
            PamLog.Write(pamh, PamLog.Err, "helper sent a malformed result");
            return PamResult.AuthInfoUnavailable;
        }

        var result = (PamResult)BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (!Enum.IsDefined(result))
        {
            PamLog.Write(pamh, PamLog.Err, $"helper sent an unknown result {(int)result}");
            return PamResult.AuthInfoUnavailable;
        }

        return result;
    }

    private static void WriteHelperLog(IntPtr pamh, ModuleArguments arguments, byte[] payload)
    {
        int priority = payload[0];
        if (priority is < PamLog.Crit or > PamLog.Debug || (priority == PamLog.Debug && !arguments.Debug))
        {
            return;
        }

        PamLog.Write(pamh, priority, Encoding.UTF8.GetString(payload, 1, payload.Length - 1));
    }
}

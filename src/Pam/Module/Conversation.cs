using System.Text;

namespace Authy.Pam;

/// <summary>Talks to the user through the application's PAM conversation function.</summary>
internal static unsafe class Conversation
{
    /// <summary>
    /// Asks one question with echo off. On success <paramref name="answer"/> contains the UTF-8 response, which
    /// the caller must zero; the application's copy is zeroed and freed here.
    /// </summary>
    public static PamResult Prompt(IntPtr pamh, string text, out byte[] answer)
    {
        answer = [];
        Interop.Pam.pam_response* responses = null;
        PamResult result = Call(pamh, Interop.Pam.PAM_PROMPT_ECHO_OFF, text, &responses);
        if (result != PamResult.Success)
        {
            return result;
        }

        if (responses == null)
        {
            return PamResult.ConversationError;
        }

        byte* reply = responses[0].resp;
        if (reply == null)
        {
            Interop.Libc.free(responses);
            return PamResult.ConversationError;
        }

        nuint length = Interop.Libc.strlen(reply);
        answer = new ReadOnlySpan<byte>(reply, (int)Math.Min(length, (nuint)HelperProtocol.MaxPayload)).ToArray();
        Interop.Libc.explicit_bzero(reply, length);
        Interop.Libc.free(reply);
        Interop.Libc.free(responses);
        return PamResult.Success;
    }

    /// <summary>Shows a line of text; skipped when the application passed PAM_SILENT.</summary>
    public static void Show(IntPtr pamh, int flags, int style, string text)
    {
        if ((flags & Interop.Pam.PAM_SILENT) != 0)
        {
            return;
        }

        Interop.Pam.pam_response* responses = null;
        if (Call(pamh, style, text, &responses) == PamResult.Success && responses != null)
        {
            if (responses[0].resp != null)
            {
                Interop.Libc.free(responses[0].resp);
            }

            Interop.Libc.free(responses);
        }
    }

    private static PamResult Call(IntPtr pamh, int style, string text, Interop.Pam.pam_response** responses)
    {
        if (Interop.Pam.pam_get_item(pamh, Interop.Pam.PAM_CONV, out void* item) != 0 || item == null)
        {
            return PamResult.ConversationError;
        }

        var conversation = (Interop.Pam.pam_conv*)item;
        if (conversation->conv == null)
        {
            return PamResult.ConversationError;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text + "\0");
        fixed (byte* message = bytes)
        {
            var pamMessage = new Interop.Pam.pam_message { msg_style = style, msg = message };
            Interop.Pam.pam_message* messages = &pamMessage;
            int status = conversation->conv(1, &messages, responses, conversation->appdata_ptr);
            return status == 0 ? PamResult.Success : PamResult.ConversationError;
        }
    }
}

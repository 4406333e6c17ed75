using System.Runtime.InteropServices;
using static Authy.Enroll.Interop.Pam;

namespace Authy.Enroll.PamTest;

/// <summary>
/// The PAM conversation of <c>authy-enroll test</c>: prompts on standard error, reads responses from standard
/// input (with echo off on a terminal for PAM_PROMPT_ECHO_OFF), and prints info and error messages on
/// standard output as "info: TEXT" and "error: TEXT".
/// </summary>
internal static unsafe class TerminalConversation
{
    /// <summary>Maximum response length in bytes. Longer input is truncated, which no code or password reaches.</summary>
    private const int MaxAnswerBytes = 1024;

    /// <summary>Returns the conversation structure. It has no state, so every call can share it.</summary>
    public static pam_conv Create() => new() { conv = &Converse, appdata_ptr = null };

    [UnmanagedCallersOnly]
    private static int Converse(int count, pam_message** messages, pam_response** responses, void* data)
    {
        if (count <= 0 || messages is null || responses is null)
        {
            return PAM_CONV_ERR;
        }

        // libpam frees the responses and their strings with free(3), so they come from malloc.
        var reply = (pam_response*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(pam_response));
        for (int i = 0; i < count; i++)
        {
            pam_message* message = messages[i];
            string text = Marshal.PtrToStringUTF8((nint)message->msg) ?? "";
            switch (message->msg_style)
            {
                case PAM_PROMPT_ECHO_OFF:
                case PAM_PROMPT_ECHO_ON:
                    byte[]? answer = Ask(text, echo: message->msg_style == PAM_PROMPT_ECHO_ON);
                    if (answer is null)
                    {
                        Free(reply, i);
                        return PAM_CONV_ERR;
                    }

                    reply[i].resp = CopyToMalloc(answer);
                    Array.Clear(answer);
                    break;
                case PAM_ERROR_MSG:
                    Console.Out.WriteLine($"error: {text}");
                    break;
                case PAM_TEXT_INFO:
                    Console.Out.WriteLine($"info: {text}");
                    break;
                default:
                    Console.Out.WriteLine($"unknown PAM message style {message->msg_style}: {text}");
                    break;
            }
        }

        Console.Out.Flush();
        *responses = reply;
        return PAM_SUCCESS;
    }

    /// <summary>Writes the prompt and reads one line, or returns null when standard input has ended.</summary>
    private static byte[]? Ask(string prompt, bool echo)
    {
        Console.Error.Write(prompt);
        Console.Error.Flush();
        byte[]? saved = echo ? null : Interop.Terminal.DisableEcho(Interop.Terminal.StandardInput);
        try
        {
            return ReadLine();
        }
        finally
        {
            if (saved is not null)
            {
                Interop.Terminal.Restore(Interop.Terminal.StandardInput, saved);
                Console.Error.WriteLine();
            }
        }
    }

    /// <summary>
    /// Reads up to a newline with read(2) on file descriptor 0, bypassing .NET's console reader, which echoes
    /// typed characters itself and would show a code typed at an echo-off prompt.
    /// </summary>
    private static byte[]? ReadLine()
    {
        var line = new List<byte>();
        while (true)
        {
            int value = Interop.Terminal.ReadByte(Interop.Terminal.StandardInput);
            if (value < 0)
            {
                return line.Count == 0 ? null : line.ToArray();
            }

            if (value == '\n')
            {
                if (line.Count > 0 && line[^1] == '\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return line.ToArray();
            }

            if (line.Count < MaxAnswerBytes)
            {
                line.Add((byte)value);
            }
        }
    }

    private static byte* CopyToMalloc(byte[] text)
    {
        var copy = (byte*)NativeMemory.Alloc((nuint)text.Length + 1);
        text.AsSpan().CopyTo(new Span<byte>(copy, text.Length));
        copy[text.Length] = 0;
        return copy;
    }

    private static void Free(pam_response* reply, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (reply[i].resp is not null)
            {
                int length = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(reply[i].resp).Length;
                NativeMemory.Clear(reply[i].resp, (nuint)length);
                NativeMemory.Free(reply[i].resp);
            }
        }

        NativeMemory.Free(reply);
    }
}

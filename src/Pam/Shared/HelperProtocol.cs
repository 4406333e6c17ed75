namespace Authy.Pam;

/// <summary>
/// Messages between <c>pam_authy.so</c> and its helper process over a Unix stream socket.
/// </summary>
/// <remarks>
/// Each frame is one type byte, a 32-bit little-endian payload length and the payload. The module
/// opens with <see cref="Request"/>; the helper then sends prompts, texts and log lines, and ends with
/// exactly one <see cref="Result"/>. Text payloads are UTF-8. The module treats anything else (an
/// unknown type, an oversized frame, end of stream before the result) as a failure and never as
/// success.
/// </remarks>
internal static class HelperProtocol
{
    public const int MaxPayload = 8192;
    public const int HeaderLength = 5;

    /// <summary>Module to helper: <c>name=value</c> lines describing the login.</summary>
    public const byte Request = (byte)'Q';

    /// <summary>Module to helper: the user's answer to the last prompt.</summary>
    public const byte Answer = (byte)'A';

    /// <summary>Module to helper: the conversation failed, so there is no answer.</summary>
    public const byte NoAnswer = (byte)'N';

    /// <summary>Helper to module: ask the user with echo off.</summary>
    public const byte PromptEchoOff = (byte)'P';

    /// <summary>Helper to module: show an informational line to the user.</summary>
    public const byte TextInfo = (byte)'I';

    /// <summary>Helper to module: show an error line to the user.</summary>
    public const byte ErrorMessage = (byte)'E';

    /// <summary>Helper to module: one syslog priority byte, then the log line.</summary>
    public const byte Log = (byte)'L';

    /// <summary>Helper to module: still working (waiting for a push approval); restarts the module's timeout.</summary>
    public const byte KeepAlive = (byte)'K';

    /// <summary>Helper to module: the PAM return code as a 32-bit little-endian integer.</summary>
    public const byte Result = (byte)'R';
}

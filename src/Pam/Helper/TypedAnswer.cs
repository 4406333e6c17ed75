using System.Text;

namespace Authy.Pam;

/// <summary>What the user typed at a prompt, normalized, in a buffer that is cleared on Dispose.</summary>
internal sealed class TypedAnswer : IDisposable
{
    private readonly char[] buffer;

    private TypedAnswer(char[] buffer, int length)
    {
        this.buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<char> Text => buffer.AsSpan(0, Length);

    /// <summary>
    /// Decodes the UTF-8 answer and removes surrounding white space and the spaces and dashes between
    /// digit groups. The payload is zeroed.
    /// </summary>
    public static TypedAnswer FromPayload(byte[] payload)
    {
        char[] decoded = new char[Encoding.UTF8.GetMaxCharCount(payload.Length)];
        char[] normalized = new char[decoded.Length];
        try
        {
            int length = Encoding.UTF8.GetChars(payload, decoded);
            return new TypedAnswer(normalized, Totp.Verification.CodeCheck.Normalize(decoded.AsSpan(0, length), normalized));
        }
        finally
        {
            Array.Clear(decoded);
            Array.Clear(payload);
        }
    }

    /// <summary>Classifies the answer: a code of 6, 7 or 10 digits, a keyword, empty, or malformed.</summary>
    public AnswerKind Kind
    {
        get
        {
            ReadOnlySpan<char> text = Text;
            if (text.Length == 0)
            {
                return AnswerKind.Empty;
            }

            if (text.Equals("push", StringComparison.OrdinalIgnoreCase))
            {
                return AnswerKind.Push;
            }

            if (text.Equals("sms", StringComparison.OrdinalIgnoreCase))
            {
                return AnswerKind.Sms;
            }

            if (text.ContainsAnyExceptInRange('0', '9'))
            {
                return AnswerKind.Malformed;
            }

            return text.Length switch
            {
                6 => AnswerKind.OfflineCode,
                7 => AnswerKind.AuthyToken,
                Totp.Recovery.RecoveryCodes.Digits or Totp.Recovery.RecoveryCodes.ImportedDigits => AnswerKind.RecoveryCode,
                _ => AnswerKind.Malformed,
            };
        }
    }

    public void Dispose() => Array.Clear(buffer);
}

/// <summary>The kinds of answer the prompt accepts.</summary>
internal enum AnswerKind
{
    Empty,

    /// <summary>Six digits: a TOTP code from the app, checked offline when the user has a secret.</summary>
    OfflineCode,

    /// <summary>Seven digits: an Authy-native token, whose seed only Twilio holds, so checked online.</summary>
    AuthyToken,

    /// <summary>Ten digits: a single-use recovery code from <c>authy-enroll recovery-codes</c>.</summary>
    RecoveryCode,

    Push,
    Sms,
    Malformed,
}

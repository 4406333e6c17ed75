using Authy.Totp.Totp;
using Authy.Totp.Verification;

namespace Authy.Enroll.Cli;

/// <summary>Outcome of asking for a confirmation code.</summary>
internal enum ConfirmationOutcome
{
    /// <summary>A code matched a step in the window.</summary>
    Confirmed,

    /// <summary>Every attempt was a wrong or malformed code.</summary>
    Rejected,

    /// <summary>Standard input ended before a code matched.</summary>
    InputEnded,
}

/// <summary>A confirmation outcome with the matched TOTP step, which is -1 unless confirmed.</summary>
internal readonly record struct Confirmation(ConfirmationOutcome Outcome, long Step);

/// <summary>
/// Asks for a code from the authenticator app to confirm that it scanned the seed. The prompt goes to
/// standard error, so it stays visible when standard output is redirected.
/// </summary>
internal static class CodePrompt
{
    public const int MaxAttempts = 3;
    public const string Prompt = "Enter the 6-digit code shown by the app: ";

    /// <summary>Input lines longer than this are rejected as malformed without copying them to the stack.</summary>
    private const int MaxInputLength = 64;

    /// <summary>Reads codes from standard input until one matches or <see cref="MaxAttempts"/> are used.</summary>
    public static Confirmation Confirm(TotpVerifier verifier, ReadOnlySpan<byte> seed)
    {
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Console.Error.Write(Prompt);
            string? line = Console.In.ReadLine();
            if (line is null)
            {
                Console.Error.WriteLine();
                return new Confirmation(ConfirmationOutcome.InputEnded, -1);
            }

            bool wellFormed = Check(verifier, seed, line, out long? step);
            if (step is not null)
            {
                return new Confirmation(ConfirmationOutcome.Confirmed, step.Value);
            }

            ReportRejected(wellFormed, MaxAttempts - attempt);
        }

        return new Confirmation(ConfirmationOutcome.Rejected, -1);
    }

    /// <summary>Verifies one input line. Returns false when it is not six digits after removing separators.</summary>
    private static bool Check(TotpVerifier verifier, ReadOnlySpan<byte> seed, string line, out long? step)
    {
        step = null;
        if (line.Length > MaxInputLength)
        {
            return false;
        }

        Span<char> code = stackalloc char[line.Length];
        code = code[..CodeCheck.Normalize(line, code)];
        bool wellFormed = TotpVerifier.IsWellFormed(code);
        if (wellFormed)
        {
            step = verifier.Verify(seed, code);
        }

        code.Clear();
        return wellFormed;
    }

    private static void ReportRejected(bool wellFormed, int attemptsLeft)
    {
        string problem = wellFormed ? "The code does not match" : "The code must be 6 digits";
        string remaining = attemptsLeft switch
        {
            0 => "",
            1 => "; 1 attempt left",
            _ => $"; {attemptsLeft} attempts left",
        };
        Console.Error.WriteLine($"{problem}{remaining}.");
    }
}

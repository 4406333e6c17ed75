using Authy.Totp.Store;
using Authy.Totp.Totp;

namespace Authy.Totp.Verification;

/// <summary>Outcome of checking one typed code.</summary>
public enum CodeCheckResult
{
    /// <summary>The code matched a step in the window that had not been used.</summary>
    Accepted,

    /// <summary>The answer was not six digits.</summary>
    Malformed,

    /// <summary>The code matched no step in the window.</summary>
    Wrong,

    /// <summary>The code matched, but that step or a later one was already used.</summary>
    Reused,
}

/// <summary>Checks a typed code against a user's seed and records the step as used.</summary>
public static class CodeCheck
{
    /// <summary>
    /// Verifies <paramref name="code"/> with <paramref name="verifier"/> and, when it matches, marks its
    /// step as used in <paramref name="store"/> so the same code is accepted at most once. An accepted
    /// code's step offset is recorded for the clock drift check of <c>authy-enroll status</c>.
    /// </summary>
    public static CodeCheckResult Run(
        SecretStore store,
        string user,
        ReadOnlySpan<byte> seed,
        ReadOnlySpan<char> code,
        TotpVerifier verifier,
        TimeProvider clock)
    {
        if (!TotpVerifier.IsWellFormed(code))
        {
            return CodeCheckResult.Malformed;
        }

        long? step = verifier.Verify(seed, code);
        if (step is null)
        {
            return CodeCheckResult.Wrong;
        }

        DateTimeOffset now = clock.GetUtcNow();
        if (!store.TryAcceptStep(user, step.Value, now))
        {
            return CodeCheckResult.Reused;
        }

        store.RecordStepOffset(user, step.Value - TotpVerifier.StepAt(now), now);
        return CodeCheckResult.Accepted;
    }

    /// <summary>
    /// Copies <paramref name="answer"/> into <paramref name="destination"/> without the spaces and dashes
    /// people type between digit groups ("123 456"), and returns the length written. Everything else is
    /// kept, so a malformed answer stays malformed. The destination must be at least as long as the answer.
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> answer, Span<char> destination)
    {
        int length = 0;
        foreach (char c in answer.Trim())
        {
            if (c is not (' ' or '-'))
            {
                destination[length++] = c;
            }
        }

        return length;
    }
}

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
    /// step as used in <paramref name="store"/> so the same code is accepted at most once.
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

        return store.TryAcceptStep(user, step.Value, clock.GetUtcNow())
            ? CodeCheckResult.Accepted
            : CodeCheckResult.Reused;
    }

    /// <summary>
    /// Removes the spaces and dashes people type between digit groups ("123 456"). Everything else is
    /// kept, so a malformed answer stays malformed.
    /// </summary>
    public static string Normalize(ReadOnlySpan<char> answer)
    {
        Span<char> buffer = answer.Length <= 64 ? stackalloc char[answer.Length] : new char[answer.Length];
        int length = 0;
        foreach (char c in answer.Trim())
        {
            if (c is not (' ' or '-'))
            {
                buffer[length++] = c;
            }
        }

        string result = new(buffer[..length]);
        buffer.Clear();
        return result;
    }
}

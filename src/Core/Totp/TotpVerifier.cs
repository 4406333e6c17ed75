using System.Security.Cryptography;
using OtpNet;

namespace Authy.Totp.Totp;

/// <summary>
/// TOTP verification as the Authy app generates codes for scanned accounts.
/// </summary>
/// <remarks>
/// RFC 6238 (TOTP) over RFC 4226 (HOTP): HMAC-SHA1, a 30-second step counted from the Unix epoch and
/// 6 digits. The Authy app ignores the algorithm, digits and period parameters of an otpauth URI, so
/// these values are fixed rather than configurable. The window is the number of steps accepted on each
/// side of the current one (0 to <see cref="MaxWindow"/>). Every step in the window is computed and
/// compared in fixed time, with no early exit, so the response time does not depend on which step
/// matched.
/// </remarks>
public sealed class TotpVerifier
{
    public const int Digits = 6;
    public const int StepSeconds = 30;
    public const int MaxWindow = 10;

    private readonly TimeProvider clock;
    private readonly int window;

    public TotpVerifier(TimeProvider clock, int window)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, MaxWindow);
        this.clock = clock;
        this.window = window;
    }

    /// <summary>The step that contains the current time of the clock.</summary>
    public long CurrentStep => StepAt(clock.GetUtcNow());

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>Computes the code for one step.</summary>
    public static string ComputeCode(ReadOnlySpan<byte> seed, long step)
    {
        byte[] key = seed.ToArray();
        try
        {
            var totp = new OtpNet.Totp(key, StepSeconds, OtpHashMode.Sha1, Digits);
            return totp.ComputeTotp(DateTime.UnixEpoch.AddSeconds(step * StepSeconds));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Checks a typed code against every step in the window around the current time.
    /// </summary>
    /// <returns>The highest matching step, or null when no step matches or the code is malformed.</returns>
    public long? Verify(ReadOnlySpan<byte> seed, ReadOnlySpan<char> code)
    {
        if (!IsWellFormed(code))
        {
            return null;
        }

        Span<byte> typed = stackalloc byte[Digits];
        Span<byte> expected = stackalloc byte[Digits];
        for (int i = 0; i < Digits; i++)
        {
            typed[i] = (byte)code[i];
        }

        // NOTE: Otp.NET 1.4.1 copies the key into its own InMemoryKey inside the Totp object, and the
        // candidate codes are immutable strings. Neither can be zeroed, so both stay in the heap until
        // the garbage collector reuses the memory. The copy passed here and the byte buffers are zeroed.
        byte[] key = seed.ToArray();
        try
        {
            var totp = new OtpNet.Totp(key, StepSeconds, OtpHashMode.Sha1, Digits);
            long current = CurrentStep;
            long matched = -1;
            for (long step = current - window; step <= current + window; step++)
            {
                string candidate = totp.ComputeTotp(DateTime.UnixEpoch.AddSeconds(step * StepSeconds));
                for (int i = 0; i < Digits; i++)
                {
                    expected[i] = (byte)candidate[i];
                }

                // Branch-free selection keeps the loop's timing independent of the matching step.
                long isMatch = CryptographicOperations.FixedTimeEquals(typed, expected) ? 1 : 0;
                matched = (isMatch * step) + ((1 - isMatch) * matched);
            }

            return matched >= 0 ? matched : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(typed);
            CryptographicOperations.ZeroMemory(expected);
        }
    }

    /// <summary>Returns true for exactly six ASCII digits.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> code)
    {
        if (code.Length != Digits)
        {
            return false;
        }

        foreach (char c in code)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

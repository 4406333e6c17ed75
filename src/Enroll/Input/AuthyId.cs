using System.Globalization;
using Authy.Enroll.Cli;

namespace Authy.Enroll.Input;

/// <summary>
/// Parses a user's Authy ID: a decimal whole number from 1 to <see cref="MaxValue"/>, digits only.
/// </summary>
internal static class AuthyId
{
    /// <summary>
    /// 2^53. Every integer up to it has an exact IEEE 754 double, so a JSON parser that reads numbers as
    /// doubles keeps such an ID exact.
    /// </summary>
    public const long MaxValue = 1L << 53;

    public const string Range = "a whole number from 1 to 9007199254740992";

    /// <summary>Parses <paramref name="text"/>, which must contain only the digits 0-9.</summary>
    public static bool TryParse(string text, out long id)
    {
        // NumberStyles.None rejects signs, spaces and separators, and TryParse rejects values above long.MaxValue.
        bool parsed = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
        return parsed && id is >= 1 and <= MaxValue;
    }

    /// <summary>Returns the ID in <paramref name="text"/>, or throws a usage error naming the value.</summary>
    public static long Parse(string text)
    {
        if (!TryParse(text, out long id))
        {
            throw CliException.Usage(
                $"Authy ID '{Printable(text)}' is invalid; use the user's numeric Authy ID, {Range}");
        }

        return id;
    }

    /// <summary>Returns the first 64 characters of <paramref name="text"/>, with control characters as '?'.</summary>
    public static string Printable(string text)
    {
        var chars = text.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars);
    }
}

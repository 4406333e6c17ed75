using Authy.Enroll.Cli;

namespace Authy.Enroll.Input;

/// <summary>
/// Validates the login name given to <c>enroll</c>, <c>remove</c>, <c>status</c> and <c>authy-id</c>, and the
/// file names that <c>import-legacy</c> reads as login names.
/// </summary>
/// <remarks>
/// A name has 1 to <see cref="MaxLength"/> characters and no whitespace, control characters, ':' or '/'.
/// The otpauth URI uses ':' to separate the issuer from the account, and no login name contains the
/// others.
/// </remarks>
internal static class UserName
{
    public const int MaxLength = 256;

    /// <summary>Returns <paramref name="name"/> unchanged, or throws a usage error naming the problem.</summary>
    public static string Validate(string name)
    {
        string? problem = FindProblem(name);
        if (problem is not null)
        {
            throw CliException.Usage(problem);
        }

        return name;
    }

    /// <summary>Returns null for a valid name, or an error message that names the problem and the fix.</summary>
    public static string? FindProblem(string name)
    {
        if (name.Length is 0 or > MaxLength)
        {
            return $"user name has {name.Length} characters; use a login name of 1 to {MaxLength} characters";
        }

        foreach (char c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is ':' or '/')
            {
                return $"user name '{Printable(name)}' is invalid because it contains {Describe(c)}; " +
                    "use a login name without whitespace, control characters, ':' or '/'";
            }
        }

        return null;
    }

    private static string Describe(char c) => c switch
    {
        ':' or '/' => $"'{c}'",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ => $"the whitespace character U+{(int)c:X4}",
    };

    private static string Printable(string name)
    {
        var chars = name.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars);
    }
}

using Authy.Enroll.Cli;
using OtpNet;

namespace Authy.Enroll.Import;

/// <summary>
/// The contents of a <c>~/.google_authenticator</c> file of google-authenticator-libpam: a base32 secret on
/// the first line, option lines that start with <c>" </c>, and 8-digit scratch codes, one per line.
/// </summary>
internal sealed class GoogleAuthenticatorFile
{
    public const int ScratchCodeDigits = 8;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private GoogleAuthenticatorFile(byte[] seed)
    {
        Seed = seed;
    }

    /// <summary>The decoded secret, which the caller must zero after use.</summary>
    public byte[] Seed { get; }

    /// <summary>TOTP steps that DISALLOW_REUSE lists as used, or empty.</summary>
    public List<long> UsedSteps { get; } = [];

    /// <summary>WINDOW_SIZE: how many codes around the current one are accepted, or null when unset.</summary>
    public int? WindowSize { get; private set; }

    /// <summary>The RATE_LIMIT line's values, such as "3 30", or null.</summary>
    public string? RateLimit { get; private set; }

    /// <summary>The unused scratch codes, 8 digits each.</summary>
    public List<string> ScratchCodes { get; } = [];

    public int ScratchCodeCount => ScratchCodes.Count;

    /// <summary>Option names that this parser does not know, which the import ignores.</summary>
    public List<string> UnknownOptions { get; } = [];

    /// <summary>
    /// Parses the file's lines. Throws a failure, naming <paramref name="path"/> and the line, for an HOTP
    /// secret, a step other than 30 s, or a line that is neither an option nor a scratch code.
    /// </summary>
    public static GoogleAuthenticatorFile Parse(string path, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0 || lines[0].Trim().Length == 0)
        {
            throw CliException.Failure($"{path} is empty; it must start with the base32 secret");
        }

        var file = new GoogleAuthenticatorFile(DecodeSecret(path, lines[0].Trim()));
        try
        {
            file.ReadRest(path, lines);
            return file;
        }
        catch
        {
            Array.Clear(file.Seed);
            throw;
        }
    }

    private static byte[] DecodeSecret(string path, string secret)
    {
        // Error messages never repeat the line, because it is the secret.
        string compact = secret.TrimEnd('=').ToUpperInvariant();
        if (compact.Length < 16 || compact.Any(c => !Alphabet.Contains(c)))
        {
            throw CliException.Failure(
                $"{path}:1 is not a base32 secret of at least 16 characters; is it a google-authenticator file?");
        }

        return Base32Encoding.ToBytes(compact);
    }

    private void ReadRest(string path, IReadOnlyList<string> lines)
    {
        bool totp = false;
        for (int i = 1; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            string where = $"{path}:{i + 1}";
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith('"'))
            {
                ReadScratchCode(where, line);
                continue;
            }

            string[] words = line[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            string[] values = words[1..];
            switch (words[0])
            {
                case "TOTP_AUTH":
                    totp = true;
                    break;
                case "HOTP_COUNTER":
                    throw CliException.Failure(
                        $"{where}: the secret is for HOTP (counter-based) codes, but pam_authy and the Authy app use " +
                        "time-based codes only; run 'authy-enroll enroll' for this user instead");
                case "STEP_SIZE":
                    CheckStepSize(where, values);
                    break;
                case "WINDOW_SIZE":
                    WindowSize = ParseNumber(where, "WINDOW_SIZE", values);
                    break;
                case "RATE_LIMIT":
                    RateLimit = string.Join(' ', values);
                    break;
                case "DISALLOW_REUSE":
                    foreach (string value in values)
                    {
                        if (!long.TryParse(value, out long step))
                        {
                            throw CliException.Failure($"{where}: DISALLOW_REUSE lists '{value}', which is not a number");
                        }

                        UsedSteps.Add(step);
                    }

                    break;
                default:
                    UnknownOptions.Add(words[0]);
                    break;
            }
        }

        if (!totp)
        {
            throw CliException.Failure(
                $"{path} has no \" TOTP_AUTH line, so google-authenticator made it for HOTP (counter-based) codes; " +
                "pam_authy and the Authy app use time-based codes only, so run 'authy-enroll enroll' for this user instead");
        }
    }

    private void ReadScratchCode(string where, string line)
    {
        if (line.Length != ScratchCodeDigits || line.Any(c => c is < '0' or > '9'))
        {
            throw CliException.Failure($"{where} is neither an option line nor an {ScratchCodeDigits}-digit scratch code");
        }

        ScratchCodes.Add(line);
    }

    private static void CheckStepSize(string where, string[] values)
    {
        int step = ParseNumber(where, "STEP_SIZE", values);
        if (step != 30)
        {
            throw CliException.Failure(
                $"{where}: STEP_SIZE is {step} s, but the Authy app shows codes for 30 s steps only, so its codes " +
                "would never match; run 'authy-enroll enroll' for this user and scan the new QR code");
        }
    }

    private static int ParseNumber(string where, string option, string[] values) =>
        values.Length == 1 && int.TryParse(values[0], out int number) && number > 0
            ? number
            : throw CliException.Failure($"{where}: {option} must be followed by one positive number");
}

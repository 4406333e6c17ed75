using Authy.Totp.Lockout;
using Authy.Totp.Totp;

namespace Authy.Totp.Config;

/// <summary>
/// Settings shared by the PAM module's helper and <c>authy-enroll</c>, read from one file
/// (default <see cref="DefaultPath"/>).
/// </summary>
/// <remarks>
/// The format is one <c>name = value</c> per line. Blank lines and lines starting with <c>#</c> are
/// skipped. An unknown name, a repeated name or a value out of range is an error, because a typo in
/// an authentication setting must not pass silently.
/// </remarks>
public sealed record AuthyConfig
{
    public const string DefaultPath = "/etc/authy/pam_authy.conf";

    /// <summary>SQLite database with the encrypted seeds.</summary>
    public string DatabasePath { get; init; } = "/var/lib/authy/secrets.db";

    /// <summary>Host key file from which the seed-encryption key is derived.</summary>
    public string KeyFilePath { get; init; } = "/etc/authy/master.key";

    /// <summary>Issuer shown by the authenticator app next to the account.</summary>
    public string Issuer { get; init; } = "pam_authy";

    /// <summary>Steps of 30 s accepted on each side of the current one.</summary>
    public int Window { get; init; } = 1;

    /// <summary>Root of the Authy API, used only for push approvals, SMS codes and 7-digit tokens.</summary>
    public Uri ApiUrl { get; init; } = new("https://api.authy.com");

    /// <summary>File with the Authy API key: owned by root, no access for group or others.</summary>
    public string ApiKeyFilePath { get; init; } = "/etc/authy/api.key";

    /// <summary>Limit for connecting to the API and for each request.</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Maximum wait for a push approval, after which the user is asked for a code.</summary>
    public TimeSpan PushTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>What an empty answer at the prompt does.</summary>
    public EmptyAnswer EmptyAnswer { get; init; } = EmptyAnswer.Prompt;

    /// <summary>Outcome for a user with only an Authy ID when the API cannot be reached.</summary>
    public FailMode FailMode { get; init; } = FailMode.Secure;

    /// <summary>HTTP proxy for the API, or null for a direct connection.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>PEM file of root certificates trusted for the API in place of the system store, or null.</summary>
    public string? CaFile { get; init; }

    /// <summary>Failed logins that lock a user, the window they are counted in, and the lock's length.</summary>
    public LockoutPolicy Lockout { get; init; } = LockoutPolicy.Default;

    /// <summary>Reads and validates a configuration file.</summary>
    /// <exception cref="SetupException">The file is missing, unreadable or invalid.</exception>
    public static AuthyConfig Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SetupException($"config file {path} not found; create it or pass the right path");
        }
        catch (UnauthorizedAccessException)
        {
            throw new SetupException($"config file {path}: permission denied; it must be readable by root");
        }
        catch (IOException e)
        {
            throw new SetupException($"config file {path} could not be read: {e.Message}");
        }

        return Parse(path, lines);
    }

    /// <summary>Parses configuration lines; <paramref name="path"/> is used in error messages only.</summary>
    public static AuthyConfig Parse(string path, IReadOnlyList<string> lines)
    {
        var config = new AuthyConfig();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string where = $"{path}:{i + 1}";
            int equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new SetupException($"{where}: expected 'name = value', got '{Printable(line)}'");
            }

            string name = line[..equals].Trim();
            string value = line[(equals + 1)..].Trim();
            if (!seen.Add(name))
            {
                throw new SetupException($"{where}: '{Printable(name)}' is set twice; keep one line");
            }

            config = config.With(where, name, value);
        }

        return config;
    }

    private AuthyConfig With(string where, string name, string value) => name switch
    {
        "database" => this with { DatabasePath = AbsolutePath(where, name, value) },
        "key_file" => this with { KeyFilePath = AbsolutePath(where, name, value) },
        "issuer" => this with { Issuer = ParseIssuer(where, value) },
        "window" => this with { Window = ParseWindow(where, value) },
        "api_url" => this with { ApiUrl = ParseHttpUri(where, name, value) },
        "api_key_file" => this with { ApiKeyFilePath = AbsolutePath(where, name, value) },
        "api_timeout" => this with { ApiTimeout = ParseSeconds(where, name, value, 1, 60) },
        "push_timeout" => this with { PushTimeout = ParseSeconds(where, name, value, 5, 600) },
        "empty_answer" => this with { EmptyAnswer = ParseChoice<EmptyAnswer>(where, name, value) },
        "failmode" => this with { FailMode = ParseChoice<FailMode>(where, name, value) },
        "proxy" => this with { Proxy = ParseHttpUri(where, name, value) },
        "ca_file" => this with { CaFile = AbsolutePath(where, name, value) },
        "lockout_failures" => this with { Lockout = Lockout with { MaxFailures = ParseFailures(where, value) } },
        "lockout_window" => this with
        {
            Lockout = Lockout with
            {
                Window = ParseSeconds(where, name, value, LockoutPolicy.MinSeconds, LockoutPolicy.MaxSeconds),
            },
        },
        "lockout_duration" => this with
        {
            Lockout = Lockout with
            {
                Duration = ParseSeconds(where, name, value, LockoutPolicy.MinSeconds, LockoutPolicy.MaxSeconds),
            },
        },
        _ => throw new SetupException(
            $"{where}: unknown setting '{Printable(name)}'; valid settings are {string.Join(", ", SettingNames)}"),
    };

    /// <summary>Every setting name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> SettingNames { get; } =
    [
        "database", "key_file", "issuer", "window", "api_url", "api_key_file", "api_timeout", "push_timeout",
        "empty_answer", "failmode", "proxy", "ca_file", "lockout_failures", "lockout_window", "lockout_duration",
    ];

    private static Uri ParseHttpUri(string where, string name, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("https" or "http") ||
            uri.Host.Length == 0)
        {
            throw new SetupException(
                $"{where}: {name} '{Printable(value)}' is invalid; use an http:// or https:// URL with a host");
        }

        return uri;
    }

    private static TimeSpan ParseSeconds(string where, string name, string value, int minimum, int maximum)
    {
        if (!int.TryParse(value, out int seconds) || seconds < minimum || seconds > maximum)
        {
            throw new SetupException(
                $"{where}: {name} '{Printable(value)}' is invalid; use a whole number of seconds from {minimum} to {maximum}");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static T ParseChoice<T>(string where, string name, string value)
        where T : struct, Enum
    {
        foreach (T choice in Enum.GetValues<T>())
        {
            if (string.Equals(choice.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        string valid = string.Join(" or ", Enum.GetNames<T>().Select(choice => choice.ToLowerInvariant()));
        throw new SetupException($"{where}: {name} '{Printable(value)}' is invalid; use {valid}");
    }

    private static string AbsolutePath(string where, string name, string value)
    {
        if (!Path.IsPathFullyQualified(value))
        {
            throw new SetupException($"{where}: {name} '{Printable(value)}' must be an absolute path");
        }

        return value;
    }

    private static string ParseIssuer(string where, string value)
    {
        if (value.Length == 0 || value.Length > 64 || value.Contains(':') || value.Any(char.IsControl))
        {
            throw new SetupException(
                $"{where}: issuer '{Printable(value)}' is invalid; use 1 to 64 characters without ':'");
        }

        return value;
    }

    private static int ParseWindow(string where, string value)
    {
        if (!int.TryParse(value, out int window) || window < 0 || window > TotpVerifier.MaxWindow)
        {
            throw new SetupException(
                $"{where}: window '{Printable(value)}' is invalid; use a whole number of 30-second steps " +
                $"from 0 to {TotpVerifier.MaxWindow}");
        }

        return window;
    }

    private static int ParseFailures(string where, string value)
    {
        if (!int.TryParse(value, out int failures) || failures < LockoutPolicy.MinFailures ||
            failures > LockoutPolicy.MaxFailuresLimit)
        {
            throw new SetupException(
                $"{where}: lockout_failures '{Printable(value)}' is invalid; use a whole number of failed " +
                $"logins from {LockoutPolicy.MinFailures} to {LockoutPolicy.MaxFailuresLimit}");
        }

        return failures;
    }

    private static string Printable(string text)
    {
        var chars = text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars);
    }
}

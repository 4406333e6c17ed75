namespace Authy.Enroll.Doctor;

/// <summary>
/// Checks sshd's effective settings, read with <c>sshd -T</c>, which prints every setting after the
/// config file, its includes and the Match blocks for one connection are applied.
/// </summary>
internal static class SshdChecks
{
    /// <summary>
    /// Runs <c>sshd -T</c> for a connection by <paramref name="user"/> from 127.0.0.1. Returns the settings
    /// with lower-case names, or null with a result that explains why they could not be read.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? ReadSettings(DoctorOptions options, out DoctorResult? problem)
    {
        string user = options.User ?? "root";
        ProgramOutput result = ExternalProgram.Run(
            options.SshdProgram, "-T", "-f", options.SshdConfig, "-C", $"user={user},host=localhost,addr=127.0.0.1");
        if (!result.Started)
        {
            problem = DoctorResult.Warn("sshd", $"{options.SshdProgram} could not be run ({result.StartError}), " +
                "so the sshd settings were not checked", "install openssh-server, or pass its path with --sshd PATH");
            return null;
        }

        if (result.ExitCode != 0)
        {
            string error = result.Error.Trim().ReplaceLineEndings("; ");
            problem = DoctorResult.Fail("sshd", $"sshd -T -f {options.SshdConfig} failed: {error}",
                $"fix {options.SshdConfig}; 'sshd -t -f {options.SshdConfig}' shows the same error");
            return null;
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.IndexOf(' ');
            if (space > 0)
            {
                settings.TryAdd(line[..space].ToLowerInvariant(), line[(space + 1)..].Trim());
            }
        }

        problem = null;
        return settings;
    }

    /// <summary>Checks UsePAM, KbdInteractiveAuthentication and PasswordAuthentication.</summary>
    public static IEnumerable<DoctorResult> CheckSettings(IReadOnlyDictionary<string, string> settings, string configFile)
    {
        string Setting(string name) => settings.GetValueOrDefault(name, "(not printed)");

        string usePam = Setting("usepam");
        yield return usePam == "yes"
            ? DoctorResult.Ok("sshd-usepam", "UsePAM is yes")
            : DoctorResult.Fail("sshd-usepam", $"UsePAM is {usePam}, so sshd never runs pam_authy",
                $"set 'UsePAM yes' in {configFile} and reload sshd");

        // OpenSSH 8.7 renamed ChallengeResponseAuthentication to KbdInteractiveAuthentication.
        string keyboard = settings.GetValueOrDefault("kbdinteractiveauthentication")
            ?? Setting("challengeresponseauthentication");
        yield return keyboard == "yes"
            ? DoctorResult.Ok("sshd-kbdinteractive", "KbdInteractiveAuthentication is yes")
            : DoctorResult.Fail("sshd-kbdinteractive",
                $"KbdInteractiveAuthentication is {keyboard}, so sshd cannot show the Authy code prompt",
                $"set 'KbdInteractiveAuthentication yes' in {configFile} and reload sshd");

        string password = Setting("passwordauthentication");
        yield return password == "yes"
            ? DoctorResult.Warn("sshd-password",
                "PasswordAuthentication is yes: a client that tries a password before keyboard-interactive fails " +
                "after a right code with \"pam_setcred(): Permission denied\"",
                $"set 'PasswordAuthentication no' in {configFile}; PAM still asks for the password inside keyboard-interactive")
            : DoctorResult.Ok("sshd-password", $"PasswordAuthentication is {password}");
    }

    /// <summary>
    /// Returns the AuthenticationMethods lists, each a list of methods, or an empty list for "any".
    /// </summary>
    public static IReadOnlyList<string[]> AuthenticationMethods(IReadOnlyDictionary<string, string> settings)
    {
        string value = settings.GetValueOrDefault("authenticationmethods", "any");
        if (value == "any")
        {
            return [];
        }

        return value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(list => list.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
    }

    /// <summary>
    /// Checks AuthenticationMethods. When pam_authy is the only PAM auth step, every method list that
    /// reaches PAM must start with a public key, or a code alone would log in.
    /// </summary>
    public static DoctorResult CheckAuthenticationMethods(
        IReadOnlyDictionary<string, string> settings, string configFile, bool codeIsOnlyPamStep)
    {
        const string check = "sshd-authmethods";
        const string keyThenCode = "publickey,keyboard-interactive";
        IReadOnlyList<string[]> lists = AuthenticationMethods(settings);
        if (lists.Count == 0)
        {
            return codeIsOnlyPamStep
                ? DoctorResult.Fail(check,
                    "AuthenticationMethods is any and pam_authy is the only auth step in the PAM file, so a code alone logs in",
                    $"set 'AuthenticationMethods {keyThenCode}' in {configFile}")
                : DoctorResult.Ok(check, "AuthenticationMethods is any");
        }

        string value = string.Join(' ', lists.Select(list => string.Join(',', list)));
        if (!lists.Any(list => list.Any(IsKeyboardInteractive)))
        {
            return DoctorResult.Fail(check, $"AuthenticationMethods is '{value}', which never uses keyboard-interactive, " +
                "so sshd never asks for the Authy code", $"set 'AuthenticationMethods {keyThenCode}' in {configFile}");
        }

        if (codeIsOnlyPamStep)
        {
            string[]? weak = lists.FirstOrDefault(list =>
                list.Any(IsKeyboardInteractive) && !list.TakeWhile(method => !IsKeyboardInteractive(method)).Any());
            if (weak is not null)
            {
                return DoctorResult.Fail(check,
                    $"AuthenticationMethods allows '{string.Join(',', weak)}' and pam_authy is the only auth step " +
                    "in the PAM file, so a code alone logs in", $"set 'AuthenticationMethods {keyThenCode}' in {configFile}");
            }
        }

        return DoctorResult.Ok(check, $"AuthenticationMethods is '{value}'");
    }

    private static bool IsKeyboardInteractive(string method) =>
        method == "keyboard-interactive" || method.StartsWith("keyboard-interactive:", StringComparison.Ordinal);
}

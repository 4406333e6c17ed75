namespace Authy.Enroll.Doctor;

/// <summary>The pam_authy auth rule of a PAM service file, and whether other auth steps come before or after it.</summary>
internal sealed record PamFileFindings(PamRule? AuthyRule, bool HasEarlierAuth, bool HasLaterAuth, string? Error)
{
    /// <summary>True when pam_authy is the only auth step, so sshd must check a key before PAM runs.</summary>
    public bool CodeIsOnlyPamStep => AuthyRule is not null && !HasEarlierAuth && !HasLaterAuth;

    /// <summary>Returns the value of a <c>name=value</c> module argument, or null.</summary>
    public string? Argument(string name) => AuthyRule?.Arguments
        .Where(argument => argument.StartsWith(name + "=", StringComparison.Ordinal))
        .Select(argument => argument[(name.Length + 1)..])
        .LastOrDefault();
}

/// <summary>Checks that the PAM service file runs pam_authy with a control that makes a wrong code fail.</summary>
internal static class PamFileCheck
{
    private const string Check = "pam-file";

    public static PamFileFindings Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PamFileFindings(null, false, false, $"PAM file {path} could not be read: {e.Message}");
        }

        IReadOnlyList<PamRule> rules = PamServiceFile.Parse(lines);
        int index = rules.ToList().FindIndex(rule => rule.Type == "auth" && PamServiceFile.LoadsPamAuthy(rule));
        if (index < 0)
        {
            return new PamFileFindings(null, false, false, null);
        }

        bool earlier = rules.Take(index).Any(IsAuthStep);
        bool later = rules.Skip(index + 1).Any(IsAuthStep);
        return new PamFileFindings(rules[index], earlier, later, null);
    }

    /// <summary>
    /// Judges the pam_authy rule. When it is the only auth step, whether sshd checks a key first is left
    /// to <see cref="SshdChecks.CheckAuthenticationMethods"/>.
    /// </summary>
    public static DoctorResult Evaluate(PamFileFindings findings, string path, string configPath)
    {
        if (findings.Error is not null)
        {
            return DoctorResult.Fail(Check, findings.Error, "pass the service file with --pam-file FILE");
        }

        string addLine = $"add 'auth required {DoctorOptions.ModuleName}' after '@include common-auth' in {path}";
        PamRule? rule = findings.AuthyRule;
        if (rule is null)
        {
            return DoctorResult.Fail(Check, $"{path} has no auth rule for {DoctorOptions.ModuleName}, so no code is asked",
                addLine);
        }

        string where = $"{path}:{rule.Line} '{rule.Text}'";
        switch (rule.Control)
        {
            case "optional":
                return DoctorResult.Fail(Check,
                    $"{where} is optional, so libpam ignores a wrong code when the other auth modules succeed",
                    $"change 'optional' to 'required' on line {rule.Line} of {path}");
            case "sufficient":
                return DoctorResult.Fail(Check,
                    $"{where} is sufficient, so a wrong code falls through and the earlier modules' success decides",
                    $"change 'sufficient' to 'required' on line {rule.Line} of {path}");
            case "required" or "requisite":
                break;
            default:
                return DoctorResult.Warn(Check, $"{where} uses the control {rule.Control}, which the doctor cannot judge",
                    $"use 'required' unless you have checked that a wrong code fails the stack");
        }

        string? moduleConfig = findings.Argument("config");
        if (moduleConfig is not null && moduleConfig != configPath)
        {
            return DoctorResult.Warn(Check, $"{where} reads config {moduleConfig}, but the doctor checked {configPath}",
                $"run 'authy-enroll doctor --config {moduleConfig}'");
        }

        if (rule.Arguments.Contains("nullok"))
        {
            return DoctorResult.Warn(Check, $"{where} has nullok, so users without a secret log in without a code",
                $"enroll every user and remove nullok from line {rule.Line} of {path}");
        }

        if (!findings.HasEarlierAuth && findings.HasLaterAuth)
        {
            return DoctorResult.Warn(Check, $"{where} comes before the other auth rules, so the code is asked before " +
                "the password", $"move line {rule.Line} of {path} after '@include common-auth'");
        }

        return DoctorResult.Ok(Check, findings.HasEarlierAuth
            ? $"{where} comes after the password check"
            : $"{where} is the only auth rule; the sshd-authmethods check covers the key before it");
    }

    /// <summary>True for an auth rule or for an include of a file whose name contains "auth".</summary>
    private static bool IsAuthStep(PamRule rule) =>
        rule.IsInclude ? rule.Module.Contains("auth", StringComparison.Ordinal) : rule.Type == "auth";
}

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// Runs the built pam_authy.so through the real libpam with pam_driver and a service file in a
/// temporary PAM configuration directory (pam_start_confdir), so /etc/pam.d is never touched.
/// </summary>
public sealed class PamDriver
{
    public const string Service = "authy-test";

    private readonly TestInstall install;

    public PamDriver(TestInstall install, string moduleArguments = "")
    {
        this.install = install;
        ConfigDirectory = install.File("pam.d");
        Directory.CreateDirectory(ConfigDirectory);
        WriteService(
            $"config={install.ConfigPath} helper={Artifacts.Path("pam_authy_helper")} {moduleArguments}".Trim());
    }

    public string ConfigDirectory { get; }

    /// <summary>
    /// Replaces the service file with one auth line for pam_authy.so with these arguments, followed by
    /// <paramref name="nextAuthLines"/>. Unless the arguments set <c>fail_delay</c>, <c>fail_delay=0</c> is
    /// added, because pam_driver sets no PAM_FAIL_DELAY function and libpam would sleep 2 s after each failure.
    /// </summary>
    public void WriteService(string moduleArguments, string nextAuthLines = "")
    {
        if (!moduleArguments.Contains("fail_delay=", StringComparison.Ordinal))
        {
            moduleArguments += " fail_delay=0";
        }

        string module = Artifacts.Path("pam_authy.so");
        File.WriteAllText(
            Path.Combine(ConfigDirectory, Service),
            $"auth required {module} {moduleArguments}\n{nextAuthLines}account required pam_permit.so\n");
    }

    /// <summary>Runs pam_driver for <paramref name="user"/>; <paramref name="options"/> go before the answers.</summary>
    public ProcessResult Authenticate(string user, IEnumerable<string> answers, params string[] options)
    {
        var arguments = new List<string> { "-c", ConfigDirectory };
        arguments.AddRange(options);
        foreach (string answer in answers)
        {
            arguments.Add("-a");
            arguments.Add(answer);
        }

        arguments.Add(Service);
        arguments.Add(user);
        return ProcessRunner.Run(Artifacts.Path("pam_driver"), arguments, timeoutSeconds: 90);
    }

    public ProcessResult Authenticate(string user, params string[] answers) => Authenticate(user, answers, []);

    /// <summary>The PAM return codes printed on the "authenticate:" lines, in order.</summary>
    public static int[] Codes(ProcessResult result, string prefix = "authenticate:") => result.Lines
        .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
        .Select(line => int.Parse(line[prefix.Length..].Trim().Split(' ')[0]))
        .ToArray();
}

/// <summary>Linux-PAM return codes used in assertions.</summary>
public static class Pam
{
    public const int Success = 0;
    public const int ServiceError = 3;
    public const int AuthError = 7;
    public const int AuthInfoUnavailable = 9;
    public const int UserUnknown = 10;
    public const int MaxTries = 11;
    public const int ConversationError = 19;
    public const int Ignore = 25;
}

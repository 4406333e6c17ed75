using System.Text.RegularExpressions;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Contrib;

/// <summary>
/// contrib/fail2ban/filter.d/pam_authy.conf, run by Debian's fail2ban-regex against log lines that the
/// built module wrote through the real libpam and syslog(3).
/// </summary>
public sealed partial class Fail2banFilterTests : IDisposable
{
    // Every line of these tests carries this rhost, so lines from tests running in parallel are left out.
    private const string RemoteHost = "192.0.2.7";

    private readonly TestInstall install = new();
    private readonly PamDriver driver;

    public Fail2banFilterTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install);
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void Filter_MatchesFailuresByRhost()
    {
        string seed = install.Enroll("f2b-alice");
        for (int i = 0; i < 3; i++)
        {
            var failed = driver.Authenticate("f2b-alice", [WrongCode(seed)], "-r", RemoteHost);
            Assert.Equal([TestSupport.Pam.AuthError], PamDriver.Codes(failed));
        }

        var unknown = driver.Authenticate("f2b-nobody", [], "-r", RemoteHost);
        Assert.Equal([TestSupport.Pam.UserUnknown], PamDriver.Codes(unknown));
        var success = driver.Authenticate("f2b-alice", [Oathtool.Totp(seed)], "-r", RemoteHost);
        Assert.Equal([TestSupport.Pam.Success], PamDriver.Codes(success));

        IReadOnlyList<string> failures = SyslogCapture.LinesContaining($"authentication failure; user=f2b-alice rhost={RemoteHost} ", 3);
        IReadOnlyList<string> notEnrolled = SyslogCapture.LinesContaining($"rhost={RemoteHost} service={PamDriver.Service} method=totp reason=not-enrolled");
        IReadOnlyList<string> successes = SyslogCapture.LinesContaining($"authentication success; user=f2b-alice rhost={RemoteHost} ");
        Assert.Equal(3, failures.Count);
        Assert.Single(notEnrolled);
        Assert.Contains("user=(hidden, add debug to log it)", notEnrolled[0]);
        Assert.Single(successes);

        using var directory = new TempDirectory();
        string failureLog = WriteSyslogFile(directory, "failures.log", [.. failures, .. notEnrolled]);
        string successLog = WriteSyslogFile(directory, "successes.log", successes);

        Assert.Equal([RemoteHost, RemoteHost, RemoteHost, RemoteHost], MatchedAddresses(directory, failureLog));
        Assert.Empty(MatchedAddresses(directory, successLog));
    }

    [Fact]
    public void Filter_IgnoresRhostInsideUserName()
    {
        // With debug the module logs the user name as the client sent it, so a client can put a fake
        // rhost field into the line. The filter must still ban the real address only.
        string helper = Artifacts.Path("pam_authy_helper");
        driver.WriteService($"config={install.ConfigPath} helper={helper} debug");
        const string forgedUser = "f2b-x rhost=198.51.100.9 service=sshd method=totp reason=wrong-code";

        var result = driver.Authenticate(forgedUser, [], "-r", RemoteHost);

        Assert.Equal([TestSupport.Pam.UserUnknown], PamDriver.Codes(result));
        IReadOnlyList<string> lines = SyslogCapture.LinesContaining($"user={forgedUser} rhost={RemoteHost} ");
        Assert.Single(lines);
        using var directory = new TempDirectory();
        string log = WriteSyslogFile(directory, "forged.log", lines);
        Assert.Equal([RemoteHost], MatchedAddresses(directory, log));
    }

    [Fact]
    public void Filter_SkipsApiOutageAndMissingRhost()
    {
        // Written by hand because these need an Authy API outage or a local login. The format is the
        // one LoginAttempt writes.
        string[] lines =
        [
            $"Dec  4 16:55:04 host sshd[4242]: pam_authy(sshd:auth): authentication failure; user=bob rhost={RemoteHost} " +
                "service=sshd method=authy-token reason=api-unavailable (no offline secret, failmode = secure)",
            "Dec  4 16:55:05 host login[4243]: pam_authy(login:auth): authentication failure; user=bob rhost=- " +
                "service=login method=totp reason=wrong-code",
        ];
        using var directory = new TempDirectory();
        string log = directory.File("skipped.log");
        File.WriteAllLines(log, lines);

        Assert.Empty(MatchedAddresses(directory, log));
    }

    private static string WrongCode(string seed) =>
        ((int.Parse(Oathtool.Totp(seed)) + 500000) % 1000000).ToString("D6");

    /// <summary>
    /// Writes datagrams received on /dev/log the way a syslog daemon writes /var/log/auth.log: glibc sends
    /// "&lt;PRI&gt;Mmm dd hh:mm:ss TAG: MESSAGE", and the file line drops the priority and adds the host name.
    /// </summary>
    private static string WriteSyslogFile(TempDirectory directory, string name, IEnumerable<string> datagrams)
    {
        var fileLines = new List<string>();
        foreach (string datagram in datagrams)
        {
            Match match = SyslogDatagram().Match(datagram);
            Assert.True(match.Success, $"not a syslog(3) datagram: {datagram}");
            fileLines.Add($"{match.Groups["time"].Value} testhost {match.Groups["rest"].Value.TrimEnd('\n', '\0')}");
        }

        string path = directory.File(name);
        File.WriteAllLines(path, fileLines);
        return path;
    }

    /// <summary>Runs fail2ban-regex on <paramref name="log"/> and returns the address of each matched line.</summary>
    private static string[] MatchedAddresses(TempDirectory directory, string log)
    {
        string filter = InstallFilter(directory);
        var result = ProcessRunner.Run("fail2ban-regex", ["-o", "ip", log, filter]);
        Assert.True(result.ExitCode == 0, $"fail2ban-regex failed with exit code {result.ExitCode}: {result.Error}{result.Output}");
        return result.Lines;
    }

    /// <summary>
    /// Copies the filter into DIRECTORY/filter.d next to Debian's common.conf, which it includes and which
    /// fail2ban looks for in the filter's own directory.
    /// </summary>
    private static string InstallFilter(TempDirectory directory)
    {
        string filterDirectory = directory.File("filter.d");
        string filter = Path.Combine(filterDirectory, "pam_authy.conf");
        if (!File.Exists(filter))
        {
            Directory.CreateDirectory(filterDirectory);
            File.Copy(Path.Combine(Artifacts.RepositoryRoot, "contrib", "fail2ban", "filter.d", "pam_authy.conf"), filter);
            File.CreateSymbolicLink(Path.Combine(filterDirectory, "common.conf"), "/etc/fail2ban/filter.d/common.conf");
        }

        return filter;
    }

    [GeneratedRegex(@"^<\d+>(?<time>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex SyslogDatagram();
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 with its own config, host key and PAM service, and local test users.
/// </summary>
/// <remarks>
/// OpenSSH takes the PAM service name from the basename of argv[0] (9.2 has no option for it), so sshd
/// runs through a symlink named after a service file of its own in /etc/pam.d. That file and the test
/// users are removed on Dispose; the machine's own sshd and /etc/pam.d/sshd are never touched.
/// </remarks>
public sealed class SshdServer : IDisposable
{
    public const int UserCount = 19;

    private const string SshdPath = "/usr/sbin/sshd";
    private const string UserPrefix = "authytest";

    private readonly TempDirectory directory = new();
    private readonly Process process;

    public SshdServer()
    {
        SyslogCapture.EnsureStarted();
        Api = new FakeAuthyApi();
        Install = new TestInstall(
            $"api_url = {Api.BaseUri}\napi_key_file = {{root}}/api.key\napi_timeout = 2\npush_timeout = 10\n");
        Install.WriteApiKey(Api.ApiKey);
        Service = "authy-sshd-test-" + Environment.ProcessId;
        Port = FreePort();
        CreateUsers();
        WritePamService();
        process = Start();
    }

    public TestInstall Install { get; }

    /// <summary>The fake Authy API on 127.0.0.1 that the installation's api_url points at.</summary>
    public FakeAuthyApi Api { get; }

    public string Service { get; }

    public int Port { get; }

    public string LogPath => directory.File("sshd.log");

    public string PamServicePath => Path.Combine("/etc/pam.d", Service);

    public static string UserName(int index) => $"{UserPrefix}{index}";

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        File.Delete(PamServicePath);
        for (int i = 0; i < UserCount; i++)
        {
            ProcessRunner.Run("userdel", [UserName(i)]);
        }

        Install.Dispose();
        Api.Dispose();

        // AUTHY_KEEP_SSHD_LOG=1 keeps the directory with sshd.log for a failure to be read afterwards.
        if (Environment.GetEnvironmentVariable("AUTHY_KEEP_SSHD_LOG") is null)
        {
            directory.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void CreateUsers()
    {
        for (int i = 0; i < UserCount; i++)
        {
            string name = UserName(i);
            ProcessRunner.Run("userdel", [name]);

            // A '*' password keeps the account usable without a password; '!' would mark it locked.
            var result = ProcessRunner.Run(
                "useradd", ["--no-create-home", "--home-dir", "/tmp", "--shell", "/bin/sh", "--password", "*", name]);
            Assert.True(result.ExitCode == 0, $"useradd {name} failed: {result.Error}");
        }
    }

    private void WritePamService()
    {
        string module = Artifacts.Path("pam_authy.so");
        string helper = Artifacts.Path("pam_authy_helper");
        File.WriteAllText(PamServicePath, $"""
            auth required {module} config={Install.ConfigPath} helper={helper} fail_delay=0
            account required pam_permit.so
            session required pam_permit.so
            password required pam_deny.so

            """);
    }

    private Process Start()
    {
        Directory.CreateDirectory("/run/sshd");
        string hostKey = directory.File("host_ed25519");
        var keygen = ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
        Assert.True(keygen.ExitCode == 0, $"ssh-keygen failed: {keygen.Error}");

        string config = directory.File("sshd_config");
        File.WriteAllText(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {directory.File("sshd.pid")}
            UsePAM yes
            KbdInteractiveAuthentication yes
            PasswordAuthentication yes
            PubkeyAuthentication no
            PermitRootLogin no
            StrictModes no
            UseDNS no
            PrintMotd no
            MaxStartups 100
            MaxAuthTries 10
            LoginGraceTime 60
            LogLevel VERBOSE

            """);

        string sshd = directory.File(Service);
        File.CreateSymbolicLink(sshd, SshdPath);
        var start = new ProcessStartInfo(sshd) { UseShellExecute = false, RedirectStandardError = false };
        foreach (string argument in new[] { "-D", "-e", "-f", config, "-E", LogPath })
        {
            start.ArgumentList.Add(argument);
        }

        var started = Process.Start(start)!;
        WaitUntilListening(started);
        return started;
    }

    private void WaitUntilListening(Process started)
    {
        long deadline = Environment.TickCount64 + 15_000;
        while (Environment.TickCount64 < deadline)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with {started.ExitCode}: {ReadLog()}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"sshd did not listen on 127.0.0.1:{Port} within 15 s: {ReadLog()}");
    }
}

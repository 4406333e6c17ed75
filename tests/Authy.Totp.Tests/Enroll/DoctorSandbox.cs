using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// A healthy installation for <c>authy-enroll doctor</c> in a temporary root: config, key file and database,
/// a root-owned copy of the helper, a PAM service file that loads the built module after common-auth, an
/// sshd_config with its own host key, and a timedatectl stand-in that reports a synchronised clock.
/// The API key file is not written, and api_url points at a closed port of 127.0.0.1.
/// </summary>
internal sealed class DoctorSandbox : IDisposable
{
    public DoctorSandbox()
    {
        int closedPort = FakeAuthyApi.FindClosedPort();
        Install = new TestInstall($"api_key_file = {{root}}/api.key\napi_url = http://127.0.0.1:{closedPort}/\napi_timeout = 2\n");
        try
        {
            HelperPath = Install.File("pam_authy_helper");
            File.Copy(Artifacts.Path("pam_authy_helper"), HelperPath);
            File.SetUnixFileMode(HelperPath, (UnixFileMode)0b111_101_101);
            WritePamFile("@include common-auth\nauth required {module}\n");

            string hostKey = Install.File("ssh_host_ed25519_key");
            var keygen = ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
            Assert.True(keygen.ExitCode == 0, $"ssh-keygen failed: {keygen.Error}");
            WriteSshdConfig("UsePAM yes\nKbdInteractiveAuthentication yes\nPasswordAuthentication no\n");
            WriteClock("yes");
        }
        catch
        {
            // xunit does not dispose a test class whose constructor throws.
            Install.Dispose();
            throw;
        }
    }

    public TestInstall Install { get; }

    public string HelperPath { get; }

    public string PamFile => Install.File("pam.d-sshd");

    public string SshdConfig => Install.File("sshd_config");

    public string ApiKeyPath => Install.File("api.key");

    private string Timedatectl => Install.File("timedatectl");

    /// <summary>
    /// Writes the PAM service file. <c>{module}</c> in <paramref name="text"/> becomes the built module with
    /// this sandbox's config and helper as arguments.
    /// </summary>
    public void WritePamFile(string text)
    {
        string module = $"{Artifacts.Path("pam_authy.so")} config={Install.ConfigPath} helper={HelperPath}";
        File.WriteAllText(PamFile, text.Replace("{module}", module));
    }

    /// <summary>Writes sshd_config: the host key line followed by <paramref name="settings"/>.</summary>
    public void WriteSshdConfig(string settings) =>
        File.WriteAllText(SshdConfig, $"HostKey {Install.File("ssh_host_ed25519_key")}\n{settings}");

    /// <summary>Makes the timedatectl stand-in print <paramref name="synchronized"/> for NTPSynchronized.</summary>
    public void WriteClock(string synchronized)
    {
        File.WriteAllText(Timedatectl, $"#!/bin/sh\necho {synchronized}\n");
        File.SetUnixFileMode(Timedatectl, (UnixFileMode)0b111_101_101);
    }

    /// <summary>Runs <c>authy-enroll doctor ARGS</c> on this sandbox, with --offline unless <paramref name="online"/>.</summary>
    public CliResult Run(bool online, params string[] arguments)
    {
        var all = new List<string> { "doctor" };
        all.AddRange(arguments);
        all.AddRange(["--config", Install.ConfigPath, "--pam-file", PamFile, "--sshd-config", SshdConfig,
            "--timedatectl", Timedatectl]);
        if (!online)
        {
            all.Add("--offline");
        }

        return CliProcess.Run(all);
    }

    public CliResult Run(params string[] arguments) => Run(online: false, arguments);

    public void Dispose() => Install.Dispose();
}

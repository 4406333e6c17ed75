using System.Text.Json;
using Authy.Totp.Crypto;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// <c>authy-enroll doctor</c> on a healthy temporary installation, and with exactly one thing broken in each
/// test. sshd settings go through the real <c>sshd -T</c>.
/// </summary>
public sealed class DoctorCommandTests : IDisposable
{
    private readonly DoctorSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public void HealthyInstall_PassesEveryCheck()
    {
        sandbox.Install.Enroll("alice");
        sandbox.Install.SetAuthyId("alice", 1234567);

        CliResult result = sandbox.Run("alice");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (string check in new[]
        {
            "module", "helper", "pam-file", "sshd-usepam", "sshd-kbdinteractive", "sshd-password",
            "sshd-authmethods", "config-file", "key-file", "database-file", "database", "user", "user-authy-id", "clock",
        })
        {
            Assert.Contains(lines, line => line.StartsWith($"OK   {check}: ", StringComparison.Ordinal));
        }

        Assert.Contains(lines, line => line.StartsWith("WARN api-key-file: ", StringComparison.Ordinal));
        Assert.Contains("SKIP api: not checked because of --offline", lines);
        Assert.Equal("0 failed, 1 warnings, 16 checks", lines[^1]);
    }

    [Fact]
    public void MissingModule_Fails()
    {
        string missing = sandbox.Install.File("lib/pam_authy.so");
        sandbox.WritePamFile($"@include common-auth\nauth required {missing}\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "module", $"module {missing} not found", "run 'sudo ./install.sh' from the pam_authy source tree");
    }

    [Fact]
    public void UnloadableModule_Fails()
    {
        string broken = sandbox.Install.File("pam_authy.so");
        File.WriteAllText(broken, "not an ELF file\n");
        sandbox.WritePamFile($"@include common-auth\nauth required {broken}\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "module", $"module {broken} cannot be loaded: ",
            "run 'sudo ./install.sh' from the pam_authy source tree to reinstall it, and install libsqlite3-0 if the error names it");
    }

    [Fact]
    public void HelperNotOwnedByRoot_Fails()
    {
        File.SetUnixFileMode(sandbox.HelperPath, (UnixFileMode)0b111_101_101);
        ProcessRunner.Run("chown", ["65534", sandbox.HelperPath]);

        CliResult result = sandbox.Run();

        AssertFailure(result, "helper", $"helper {sandbox.HelperPath} is owned by uid 65534",
            $"chown root:root {sandbox.HelperPath} && chmod 755 {sandbox.HelperPath}");
    }

    [Fact]
    public void HelperWritableByOthers_Fails()
    {
        File.SetUnixFileMode(sandbox.HelperPath, (UnixFileMode)0b111_111_111);

        CliResult result = sandbox.Run();

        AssertFailure(result, "helper", $"helper {sandbox.HelperPath} has mode 0777",
            $"chown root:root {sandbox.HelperPath} && chmod 755 {sandbox.HelperPath}");
    }

    [Theory]
    [InlineData("optional")]
    [InlineData("sufficient")]
    public void WeakPamControl_Fails(string control)
    {
        sandbox.WritePamFile($"@include common-auth\nauth {control} {{module}}\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "pam-file", $"{sandbox.PamFile}:2 'auth {control} ",
            $"change '{control}' to 'required' on line 2 of {sandbox.PamFile}");
    }

    [Fact]
    public void PamFileWithoutModule_Fails()
    {
        sandbox.WritePamFile("@include common-auth\n# auth required {module}\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "pam-file", $"{sandbox.PamFile} has no auth rule for pam_authy.so",
            $"add 'auth required pam_authy.so' after '@include common-auth' in {sandbox.PamFile}");
    }

    [Fact]
    public void CodeOnlyWithoutKeyFirst_Fails()
    {
        sandbox.WritePamFile("auth required {module}\n@include common-account\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "sshd-authmethods",
            "AuthenticationMethods is any and pam_authy is the only auth step in the PAM file, so a code alone logs in",
            $"set 'AuthenticationMethods publickey,keyboard-interactive' in {sandbox.SshdConfig}");
    }

    [Fact]
    public void CodeOnlyWithKeyFirst_Passes()
    {
        sandbox.WritePamFile("auth required {module}\n@include common-account\n");
        sandbox.WriteSshdConfig("UsePAM yes\nKbdInteractiveAuthentication yes\nPasswordAuthentication no\n" +
            "AuthenticationMethods publickey,keyboard-interactive\n");

        CliResult result = sandbox.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("OK   sshd-authmethods: AuthenticationMethods is 'publickey,keyboard-interactive'", result.Output);
    }

    [Fact]
    public void UsePamNo_Fails()
    {
        sandbox.WriteSshdConfig("UsePAM no\nKbdInteractiveAuthentication yes\nPasswordAuthentication no\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "sshd-usepam", "UsePAM is no, so sshd never runs pam_authy",
            $"set 'UsePAM yes' in {sandbox.SshdConfig} and reload sshd");
    }

    [Fact]
    public void KbdInteractiveNo_Fails()
    {
        sandbox.WriteSshdConfig("UsePAM yes\nKbdInteractiveAuthentication no\nPasswordAuthentication no\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "sshd-kbdinteractive",
            "KbdInteractiveAuthentication is no, so sshd cannot show the Authy code prompt",
            $"set 'KbdInteractiveAuthentication yes' in {sandbox.SshdConfig} and reload sshd");
    }

    [Fact]
    public void PasswordAuthenticationYes_Warns()
    {
        sandbox.WriteSshdConfig("UsePAM yes\nKbdInteractiveAuthentication yes\nPasswordAuthentication yes\n");

        CliResult result = sandbox.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLineWithFix(result, "WARN", "sshd-password", "PasswordAuthentication is yes",
            $"set 'PasswordAuthentication no' in {sandbox.SshdConfig}; PAM still asks for the password inside keyboard-interactive");
    }

    [Fact]
    public void InvalidSshdConfig_Fails()
    {
        sandbox.WriteSshdConfig("UsePAM maybe\n");

        CliResult result = sandbox.Run();

        AssertFailure(result, "sshd", $"sshd -T -f {sandbox.SshdConfig} failed: ",
            $"fix {sandbox.SshdConfig}; 'sshd -t -f {sandbox.SshdConfig}' shows the same error");
    }

    [Fact]
    public void ConfigWritableByOthers_Fails()
    {
        string config = sandbox.Install.ConfigPath;
        File.SetUnixFileMode(config, (UnixFileMode)0b110_110_110);

        CliResult result = sandbox.Run();

        AssertFailure(result, "config-file", $"config file {config} has mode 0666",
            $"chown root:root {config} && chmod 644 {config}");
    }

    [Fact]
    public void KeyFileReadableByGroup_Fails()
    {
        string keyFile = sandbox.Install.KeyFilePath;
        File.SetUnixFileMode(keyFile, (UnixFileMode)0b110_100_000);

        CliResult result = sandbox.Run();

        AssertFailure(result, "key-file", $"key file {keyFile} has mode 0640",
            $"chown root:root {keyFile} && chmod 600 {keyFile}");
    }

    [Fact]
    public void DatabaseReadableByOthers_Fails()
    {
        string database = sandbox.Install.DatabasePath;
        File.SetUnixFileMode(database, (UnixFileMode)0b110_100_100);

        CliResult result = sandbox.Run();

        AssertFailure(result, "database-file", $"database {database} has mode 0644",
            $"chown root:root {database} && chmod 600 {database}");
    }

    [Fact]
    public void WrongKeyFile_Fails()
    {
        string keyFile = sandbox.Install.KeyFilePath;
        File.Delete(keyFile);
        HostKey.Create(keyFile);

        CliResult result = sandbox.Run();

        AssertFailure(result, "database", $"key file {keyFile} does not match database {sandbox.Install.DatabasePath}",
            "restore the key file that created it");
    }

    [Fact]
    public void UserNotEnrolled_Fails()
    {
        CliResult result = sandbox.Run("alice");

        AssertFailure(result, "user", "user alice is not enrolled", "run 'authy-enroll enroll alice'");
    }

    [Fact]
    public void UserWithoutAuthyId_Warns()
    {
        sandbox.Install.Enroll("alice");

        CliResult result = sandbox.Run("alice");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLineWithFix(result, "WARN", "user-authy-id", "user alice has no Authy ID",
            "run 'authy-enroll authy-id alice ID' if the user should get pushes");
    }

    [Fact]
    public void ClockNotSynchronised_Fails()
    {
        sandbox.WriteClock("no");

        CliResult result = sandbox.Run();

        AssertFailure(result, "clock", "the clock is not synchronised (NTPSynchronized=no)",
            "run 'timedatectl set-ntp true', or start chronyd or ntpd");
    }

    [Fact]
    public void ClockUnknown_Warns()
    {
        File.Delete(sandbox.Install.File("timedatectl"));

        CliResult result = sandbox.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLineWithFix(result, "WARN", "clock", "cannot tell whether the clock is synchronised",
            "check that chronyd, ntpd or systemd-timesyncd is running");
    }

    [Fact]
    public void UnreachableApi_FailsAtConnect()
    {
        sandbox.Install.WriteApiKey(FakeAuthyApi.DefaultApiKey);

        CliResult result = sandbox.Run(online: true);

        AssertFailure(result, "api", "failed at the connect step",
            $"check api_url and proxy in {sandbox.Install.ConfigPath}, and that a firewall allows connections to the API");
    }

    [Fact]
    public void ReachableApi_Passes()
    {
        using var api = new FakeAuthyApi();
        string config = File.ReadAllText(sandbox.Install.ConfigPath);
        File.WriteAllText(sandbox.Install.ConfigPath,
            System.Text.RegularExpressions.Regex.Replace(config, "api_url = .*", $"api_url = {api.BaseUri}"));
        sandbox.Install.WriteApiKey(api.ApiKey);

        CliResult result = sandbox.Run(online: true);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"OK   api: the Authy API at {api.BaseUri} accepted the API key", result.Output);
        Assert.DoesNotContain(api.ApiKey, result.Output);
    }

    [Fact]
    public void ApiKeyFileReadableByOthers_Fails()
    {
        string keyFile = sandbox.Install.WriteApiKey(FakeAuthyApi.DefaultApiKey, (UnixFileMode)0b110_100_100);

        CliResult result = sandbox.Run(online: true);

        AssertFailure(result, "api-key-file", $"API key file {keyFile} has owner uid 0 and mode 0644",
            $"run 'chown root:root {keyFile} && chmod 600 {keyFile}'");
        Assert.Contains("SKIP api: not checked because there is no usable API key file", result.Output);
    }

    [Fact]
    public void Json_ListsEveryCheck()
    {
        sandbox.WriteClock("no");

        CliResult result = sandbox.Run("--json");

        Assert.Equal(1, result.ExitCode);
        using JsonDocument document = JsonDocument.Parse(result.Output);
        JsonElement[] items = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(14, items.Length);
        JsonElement clock = Assert.Single(items, item => item.GetProperty("check").GetString() == "clock");
        Assert.Equal("fail", clock.GetProperty("status").GetString());
        Assert.StartsWith("the clock is not synchronised", clock.GetProperty("message").GetString());
        Assert.Equal("run 'timedatectl set-ntp true', or start chronyd or ntpd", clock.GetProperty("fix").GetString());
        JsonElement module = Assert.Single(items, item => item.GetProperty("check").GetString() == "module");
        Assert.Equal("ok", module.GetProperty("status").GetString());
        Assert.Equal("", module.GetProperty("fix").GetString());
    }

    /// <summary>Asserts exit code 1 and a FAIL line for <paramref name="check"/> followed by its fix.</summary>
    [Fact]
    public void ProxyOnlyInEnvironment_Fails()
    {
        string[] doctor = ["https_proxy=http://127.0.0.1:3128", CliProcess.BinaryPath, "doctor",
            "--config", sandbox.Install.ConfigPath, "--pam-file", sandbox.PamFile,
            "--sshd-config", sandbox.SshdConfig, "--offline"];

        CliResult result = CliProcess.RunProgram("env", doctor);

        AssertFailure(result, "proxy",
            "https_proxy is set to http://127.0.0.1:3128 here, but PAM passes no environment",
            $"add 'proxy = http://127.0.0.1:3128' to {sandbox.Install.ConfigPath}");
    }

    [Fact]
    public void ProxyInEnvironmentAndConfig_Passes()
    {
        File.AppendAllText(sandbox.Install.ConfigPath, "proxy = http://127.0.0.1:3128\n");
        string[] doctor = ["https_proxy=http://127.0.0.1:3128", CliProcess.BinaryPath, "doctor",
            "--config", sandbox.Install.ConfigPath, "--pam-file", sandbox.PamFile,
            "--sshd-config", sandbox.SshdConfig, "--offline"];

        CliResult result = CliProcess.RunProgram("env", doctor);

        Assert.Contains(result.Output.Split('\n'), line => line.StartsWith("OK   proxy: ", StringComparison.Ordinal));
    }

    private static void AssertFailure(CliResult result, string check, string messagePart, string fix)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        AssertLineWithFix(result, "FAIL", check, messagePart, fix);
    }

    private static void AssertLineWithFix(CliResult result, string status, string check, string messagePart, string fix)
    {
        string[] lines = result.Output.Split('\n');
        int index = Array.FindIndex(lines, line => line.StartsWith($"{status,-4} {check}: ", StringComparison.Ordinal));
        Assert.True(index >= 0, $"no {status} line for {check}:\n{result}");
        Assert.Contains(messagePart, lines[index]);
        Assert.Equal($"     fix: {fix}", lines[index + 1]);
    }
}

using System.Diagnostics;
using Authy.Totp.Tests.TestSupport;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Authy.Totp.Tests.Sshd;

/// <summary>Logins through a real OpenSSH sshd whose PAM stack is the built pam_authy.so.</summary>
public sealed class SshdLoginTests : IClassFixture<SshdServer>
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private readonly SshdServer server;

    public SshdLoginTests(SshdServer server)
    {
        this.server = server;
    }

    [Fact]
    public void RightCode_LogsInAndRunsCommand()
    {
        string user = SshdServer.UserName(0);
        string seed = server.Install.Enroll(user);

        using var client = new SshClient(KeyboardInteractive(user, Oathtool.Totp(seed)));
        client.Connect();
        var command = client.RunCommand("echo authy-ok; id -un");

        Assert.Equal(0, command.ExitStatus);
        Assert.Equal($"authy-ok\n{user}\n", command.Result);
    }

    [Fact]
    public void OpenSshClient_RightCode_LogsIn()
    {
        string user = SshdServer.UserName(15);
        string code = Oathtool.Totp(server.Install.Enroll(user));

        // sshpass types the code at the prompt that contains "Authy code", as a person would.
        var result = ProcessRunner.Run("sshpass", [
            "-P", "Authy code", "-p", code,
            "ssh", "-p", server.Port.ToString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "PreferredAuthentications=keyboard-interactive", "-o", "BatchMode=no", "-F", "/dev/null",
            $"{user}@127.0.0.1", "id", "-un",
        ]);

        Assert.True(result.ExitCode == 0, $"ssh exited with {result.ExitCode}: {result.Error}");
        Assert.Equal(user, result.Output.Trim());
    }

    [Fact]
    public void WrongCode_IsRefused()
    {
        string user = SshdServer.UserName(1);
        string seed = server.Install.Enroll(user);
        string wrong = ((int.Parse(Oathtool.Totp(seed)) + 1) % 1_000_000).ToString("D6");

        using var client = new SshClient(KeyboardInteractive(user, wrong));

        Assert.Throws<SshAuthenticationException>(client.Connect);
    }

    [Fact]
    public void SameCodeTwice_SecondIsRefused()
    {
        string user = SshdServer.UserName(2);
        string code = Oathtool.Totp(server.Install.Enroll(user));

        using (var first = new SshClient(KeyboardInteractive(user, code)))
        {
            first.Connect();
            Assert.True(first.IsConnected);
        }

        using var second = new SshClient(KeyboardInteractive(user, code));
        Assert.Throws<SshAuthenticationException>(second.Connect);
    }

    [Fact]
    public void TenParallelLogins_AllSucceed()
    {
        var logins = Enumerable.Range(3, 10).Select(index =>
        {
            string user = SshdServer.UserName(index);
            string code = Oathtool.Totp(server.Install.Enroll(user));
            return (user, code);
        }).ToList();

        var outputs = logins.AsParallel().WithDegreeOfParallelism(10).Select(login =>
        {
            using var client = new SshClient(KeyboardInteractive(login.user, login.code));
            client.Connect();
            return client.RunCommand("id -un").Result.Trim();
        }).ToList();

        Assert.Equal(logins.Select(login => login.user).Order(), outputs.Order());
    }

    [Fact]
    public void PasswordThenKeyboardInteractive_AuthenticatesWithoutHanging()
    {
        // sshd runs the PAM stack for password authentication inside its monitor process, where the
        // module's runtime then stays loaded, and keyboard-interactive in a fork of that monitor, which
        // keeps only one thread. The fork must still authenticate promptly.
        string user = SshdServer.UserName(13);
        string code = Oathtool.Totp(server.Install.Enroll(user));
        var password = new PasswordAuthenticationMethod(user, "000000");
        var connection = new ConnectionInfo("127.0.0.1", server.Port, user, password, KeyboardInteractiveMethod(user, code))
        {
            Timeout = ConnectTimeout,
        };

        var stopwatch = Stopwatch.StartNew();
        using var client = new SshClient(connection);
        client.Connect();
        var session = Record.Exception(() => client.RunCommand("id -un"));

        Assert.True(stopwatch.Elapsed < ConnectTimeout, $"login took {stopwatch.Elapsed}");
        string log = server.ReadLog();
        Assert.Contains($"Failed password for {user}", log);
        Assert.Contains($"Accepted keyboard-interactive/pam for {user}", log);

        // NOTE: libpam replays pam_setcred along the auth chain frozen by the last pam_authenticate in
        // the monitor, which is the failed password attempt, so sshd then ends the session with
        // "pam_setcred(): Permission denied". That is why contrib/sshd_config.d turns
        // PasswordAuthentication off. This assertion notices if OpenSSH or Linux-PAM ever change it.
        Assert.IsType<SshConnectionException>(session);
        Assert.Contains("PAM: pam_setcred(): Permission denied", log);
    }

    [Fact]
    public void PushApproved_LogsIn()
    {
        string user = SshdServer.UserName(16);
        server.Install.Enroll(user);
        server.Install.SetAuthyId(user, 5001);
        server.Api.AddUser(5001).PendingPolls = 1;

        using var client = new SshClient(KeyboardInteractive(user, "push", LoginFlowChoicePrompt));
        client.Connect();

        Assert.Equal(user, client.RunCommand("id -un").Result.Trim());
    }

    [Fact]
    public void PushDenied_IsRefused()
    {
        string user = SshdServer.UserName(17);
        server.Install.Enroll(user);
        server.Install.SetAuthyId(user, 5002);
        server.Api.AddUser(5002).PushOutcome = FakePushOutcome.Denied;

        using var client = new SshClient(KeyboardInteractive(user, "push", LoginFlowChoicePrompt));

        Assert.Throws<SshAuthenticationException>(client.Connect);
    }

    [Fact]
    public void ApiHung_PushFallsBackToOfflineCode()
    {
        // The API accepts requests and never answers: after api_timeout the user is asked for the offline code.
        string user = SshdServer.UserName(18);
        string code = Oathtool.Totp(server.Install.Enroll(user));
        server.Install.SetAuthyId(user, 5003);
        server.Api.AddUser(5003);
        var method = new KeyboardInteractiveAuthenticationMethod(user);
        var prompts = new List<string>();
        method.AuthenticationPrompt += (_, prompt) =>
        {
            foreach (var request in prompt.Prompts)
            {
                prompts.Add(request.Request);
                request.Response = request.Request == LoginFlowChoicePrompt ? "push" : code;
            }
        };
        var connection = new ConnectionInfo("127.0.0.1", server.Port, user, method) { Timeout = ConnectTimeout };

        server.Api.Fault = FakeApiFault.Hang;
        try
        {
            using var client = new SshClient(connection);
            client.Connect();

            Assert.Equal(user, client.RunCommand("id -un").Result.Trim());
        }
        finally
        {
            server.Api.Fault = FakeApiFault.None;
        }

        // sshd shows PAM error messages as part of the next keyboard-interactive prompt.
        Assert.Equal(2, prompts.Count);
        Assert.Equal(LoginFlowChoicePrompt, prompts[0]);
        Assert.Equal("The Authy service cannot be reached.\nAuthy code: ", prompts[1]);
    }

    [Fact]
    public void UnenrolledUser_IsRefused()
    {
        string user = SshdServer.UserName(14);
        server.Install.Enroll(user);
        using (var store = Store.SecretStore.Open(server.Install.DatabasePath))
        {
            store.RemoveUser(user);
        }

        using var client = new SshClient(KeyboardInteractive(user, "123456"));

        Assert.Throws<SshAuthenticationException>(client.Connect);
    }

    private const string LoginFlowChoicePrompt = "Authy code, or 'push' or 'sms': ";

    private ConnectionInfo KeyboardInteractive(string user, string code, string prompt = "Authy code: ") =>
        new("127.0.0.1", server.Port, user, KeyboardInteractiveMethod(user, code, prompt)) { Timeout = ConnectTimeout };

    private static KeyboardInteractiveAuthenticationMethod KeyboardInteractiveMethod(
        string user, string code, string expectedPrompt = "Authy code: ")
    {
        var method = new KeyboardInteractiveAuthenticationMethod(user);
        method.AuthenticationPrompt += (_, prompt) =>
        {
            foreach (var request in prompt.Prompts)
            {
                Assert.Equal(expectedPrompt, request.Request);
                request.Response = code;
            }
        };
        return method;
    }
}

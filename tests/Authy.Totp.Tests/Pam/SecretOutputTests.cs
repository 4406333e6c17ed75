using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Authy.Totp.Tests.TestSupport;
using OtpNet;

namespace Authy.Totp.Tests.Pam;

/// <summary>
/// Runs logins and CLI commands, then searches every syslog line and every output of pam_driver and
/// authy-enroll recorded in this test process for a seed, the host key, the API key or a typed code.
/// The only place a seed may appear is the enrollment URI (and QR code) that enroll prints.
/// </summary>
public sealed class SecretOutputTests : IDisposable
{
    /// <summary>Programs whose output is ours to check; oathtool prints codes by design.</summary>
    private static readonly string[] CheckedPrograms = ["pam_driver", "authy-enroll"];

    private readonly TestInstall install = new("api_key_file = {root}/api.key\n");
    private readonly PamDriver driver;

    public SecretOutputTests()
    {
        SyslogCapture.EnsureStarted();
        driver = new PamDriver(install, "debug");
    }

    public void Dispose() => install.Dispose();

    [Fact]
    public void LogsAndOutput_ContainNoSecret()
    {
        string user = "secret-" + Guid.NewGuid().ToString("N")[..8];
        string seed = install.Enroll(user);
        string apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        install.WriteApiKey(apiKey);
        string code = Oathtool.Totp(seed);
        string wrongCode = ((int.Parse(code) + 271828) % 1000000).ToString("D6");
        string typedToken = ((int.Parse(code) + 314159) % 1000000).ToString("D6") + "7";

        var logins = new[]
        {
            driver.Authenticate(user, [code], "-D"),
            driver.Authenticate(user, [code], "-D"),
            driver.Authenticate(user, [wrongCode], "-D"),
            driver.Authenticate(user, [$"{wrongCode[..3]} x {wrongCode[3..]}"], "-D"),
            driver.Authenticate(user, [typedToken], "-D"),
            driver.Authenticate(user, ["", wrongCode], "-D"),
        };
        Assert.Equal(TestSupport.Pam.Success, PamDriver.Codes(logins[0]).Single());
        Assert.All(logins.Skip(1), login => Assert.NotEqual(TestSupport.Pam.Success, PamDriver.Codes(login).Single()));

        string cliUser = user + "-cli";
        ProcessResult enroll = RunCli("enroll", cliUser, "--no-confirm");
        Assert.True(enroll.ExitCode == 0, enroll.Error);
        string cliSeed = Regex.Match(enroll.Output, "secret=([A-Z2-7]+)").Groups[1].Value;
        Assert.NotEmpty(cliSeed);
        RunCli("list");
        RunCli("status", user);
        RunCli("status", cliUser);
        RunCli("remove", cliUser);

        var outputs = OutputRecorder.All()
            .Where(run => CheckedPrograms.Contains(run.Program) && !ReferenceEquals(run.Result, enroll))
            .Select(run => $"{run.Result.Output}\n{run.Result.Error}")
            .ToList();
        var logMessages = SyslogCapture.AllLines().Select(MessageOf).ToList();
        Assert.Contains(logMessages, line => line.Contains($"user={user} ") && line.Contains("reason=wrong-code"));

        var findings = new List<string>();
        string[] secrets = [.. SeedForms(seed), .. SeedForms(cliSeed), .. HostKeyForms(), apiKey, apiKey.ToLowerInvariant()];
        foreach (string text in outputs.Concat(logMessages))
        {
            findings.AddRange(secrets.Where(secret => text.Contains(secret, StringComparison.Ordinal))
                .Select(secret => $"secret {secret[..4]}... in: {text[..Math.Min(text.Length, 200)]}"));
            foreach (string typed in new[] { code, wrongCode, typedToken })
            {
                if (Regex.IsMatch(text, $"(?<![0-9]){typed}(?![0-9])"))
                {
                    findings.Add($"typed code in: {text[..Math.Min(text.Length, 200)]}");
                }
            }
        }

        Assert.True(outputs.Count > logins.Length, $"only {outputs.Count} outputs recorded");
        Assert.True(findings.Count == 0, $"{findings.Count} secrets found in output:\n{string.Join('\n', findings)}");
    }

    private ProcessResult RunCli(params string[] arguments) =>
        ProcessRunner.Run(Artifacts.Path("authy-enroll"), [.. arguments, "--config", install.ConfigPath]);

    /// <summary>Returns the message of a syslog datagram, after "TAG[PID]: ", so the PID is not taken for a code.</summary>
    private static string MessageOf(string line)
    {
        int start = line.IndexOf("]: ", StringComparison.Ordinal);
        return start < 0 ? line : line[(start + 3)..];
    }

    /// <summary>The seed as base32 in both cases, hex in both cases, and base64.</summary>
    private static string[] SeedForms(string base32)
    {
        byte[] bytes = Base32Encoding.ToBytes(base32);
        return [base32, base32.ToLowerInvariant(), Convert.ToHexString(bytes), Convert.ToHexStringLower(bytes), Convert.ToBase64String(bytes)];
    }

    private string[] HostKeyForms()
    {
        byte[] key = File.ReadAllBytes(install.KeyFilePath);
        try
        {
            return [Convert.ToHexString(key), Convert.ToHexStringLower(key), Convert.ToBase64String(key)];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

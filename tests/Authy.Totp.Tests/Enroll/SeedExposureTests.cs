using System.Text;

namespace Authy.Totp.Tests.Enroll;

/// <summary>The seed must appear only in the URI and QR code that enroll prints, never in logs or files.</summary>
public sealed class SeedExposureTests : IDisposable
{
    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();

    [Fact]
    public void SeedOnlyInUriLine()
    {
        (CliResult result, OtpAuthUriParts uri) = EnrollConfirmed("alice");

        foreach (string form in TextForms(uri))
        {
            Assert.DoesNotContain(form, result.Error);
            string[] lines = result.Output.Split('\n').Where(line => line.Contains(form)).ToArray();
            Assert.True(lines.All(line => line.StartsWith("otpauth://")), $"seed outside the URI: {form}");
        }
    }

    [Fact]
    public void SeedNotInDatabaseFiles()
    {
        (_, OtpAuthUriParts uri) = EnrollConfirmed("alice");

        string[] files = Directory.GetFiles(Path.GetDirectoryName(sandbox.DatabasePath)!);
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            byte[] content = File.ReadAllBytes(file);
            Assert.True(content.AsSpan().IndexOf(uri.SeedBytes) < 0, $"raw seed in {file}");
            foreach (string form in TextForms(uri))
            {
                Assert.True(content.AsSpan().IndexOf(Encoding.ASCII.GetBytes(form)) < 0, $"{form} in {file}");
            }
        }
    }

    [Fact]
    public void SeedNotInListOrStatus()
    {
        (_, OtpAuthUriParts uri) = EnrollConfirmed("alice");

        CliResult list = sandbox.Run("list");
        CliResult status = sandbox.Run("status", "alice");

        foreach (string form in TextForms(uri))
        {
            Assert.DoesNotContain(form, list.Output + list.Error);
            Assert.DoesNotContain(form, status.Output + status.Error);
        }
    }

    [Fact]
    public void RejectedSecretNotEchoed()
    {
        const string secret = "MZXW6YTBOI======x";

        CliResult result = sandbox.Run("enroll", "alice", "--secret", secret);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("MZXW6YTBOI", result.Error);
        Assert.DoesNotContain("MZXW6YTBOI", result.Output);
    }

    private (CliResult Result, OtpAuthUriParts Uri) EnrollConfirmed(string user)
    {
        using EnrollSession session = sandbox.StartEnroll("enroll", user);
        OtpAuthUriParts uri = OtpAuthUriParts.Parse(session.ReadUri());
        session.Answer(OathtoolCodes.Now(uri.Secret));
        CliResult result = session.Finish();
        Assert.True(result.ExitCode == 0, result.ToString());
        return (result, uri);
    }

    /// <summary>The seed as base32 and hex, each in upper and lower case.</summary>
    private static string[] TextForms(OtpAuthUriParts uri) =>
    [
        uri.Secret,
        uri.Secret.ToLowerInvariant(),
        Convert.ToHexString(uri.SeedBytes),
        Convert.ToHexStringLower(uri.SeedBytes),
    ];

    public void Dispose() => sandbox.Dispose();
}

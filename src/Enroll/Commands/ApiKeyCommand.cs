using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Authy.Enroll.Cli;
using Authy.Totp.Api;
using Authy.Totp.Config;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll api-key test</c>: checks the key in <c>api_key_file</c> against the configured Authy API,
/// through the configured proxy and CA file, as the PAM module would connect. The key is never printed.
/// </summary>
internal static class ApiKeyCommand
{
    /// <summary>Operation name that <see cref="AuthyApiClient"/> puts at the start of the key check's detail.</summary>
    private const string CheckOperation = "API key check";

    public static Command Create(Option<string> configOption)
    {
        var test = new Command("test", "Check the key in api_key_file with the Authy API; exit code 1 if it fails");
        test.SetAction(parsed => Test(parsed.GetRequiredValue(configOption)));
        return new Command("api-key", "Check the Authy API key") { test };
    }

    private static int Test(string configPath)
    {
        AuthyConfig config = Installation.LoadConfig(configPath);
        string keyFile = config.ApiKeyFilePath;
        RootAccess.Require(keyFile, "API key file", write: false);
        string key = ApiKeyFile.Read(keyFile);
        ApiResult result;
        using (AuthyApiClient client = CreateClient(config, configPath, key))
        {
            result = client.CheckKeyAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        string url = config.ApiUrl.ToString();
        switch (result.Outcome)
        {
            case ApiOutcome.Accepted:
                Console.WriteLine($"OK: the Authy API at {url} accepted the API key in {keyFile}.");
                return ExitCodes.Success;
            case ApiOutcome.Rejected when result.ErrorCode == AuthyErrorCodes.InvalidApiKey:
                throw CliException.Failure(
                    $"the Authy API at {url} rejected the API key in {keyFile} with error 60001, invalid API key; " +
                    $"write the API key of your Authy application, from the Twilio Console, into {keyFile}");
            case ApiOutcome.Rejected:
                throw CliException.Failure(
                    $"the Authy API at {url} rejected the API key check: {Reason(result)}; check api_url in " +
                    $"{configPath} and the key in {keyFile}");
            default:
                string step = StepName(result.Step);
                throw CliException.Failure(
                    $"the API key check against {url} failed at the {step} step: {Reason(result)}; " +
                    FixFor(result.Step, config, configPath));
        }
    }

    private static AuthyApiClient CreateClient(AuthyConfig config, string configPath, string key)
    {
        if (config.CaFile is not null)
        {
            CheckCaFile(config.CaFile, configPath);
        }

        var settings = new AuthyApiSettings(config.ApiUrl, config.ApiTimeout, config.Proxy, config.CaFile);
        return new AuthyApiClient(settings, key);
    }

    /// <summary>
    /// Fails unless <paramref name="caFile"/> contains a PEM certificate. The client skips PEM blocks that are not
    /// certificates, so a file without one would reject every server at the TLS step.
    /// </summary>
    private static void CheckCaFile(string caFile, string configPath)
    {
        string fix = $"set ca_file in {configPath} to a PEM file of root certificates, or remove it to use the " +
            "system store";
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw CliException.Failure($"ca_file {caFile} could not be loaded: {e.Message.TrimEnd('.')}; {fix}");
        }

        int count = roots.Count;
        foreach (X509Certificate2 certificate in roots)
        {
            certificate.Dispose();
        }

        if (count == 0)
        {
            throw CliException.Failure($"ca_file {caFile} contains no PEM certificate; {fix}");
        }
    }

    /// <summary>Returns the result's detail without the operation name that starts it.</summary>
    private static string Reason(ApiResult result)
    {
        string prefix = CheckOperation + ": ";
        string detail = result.Detail;
        return detail.StartsWith(prefix, StringComparison.Ordinal) ? detail[prefix.Length..] : detail;
    }

    internal static string StepName(ApiFailureStep step) => step switch
    {
        ApiFailureStep.Dns => "DNS",
        ApiFailureStep.Connect => "connect",
        ApiFailureStep.Tls => "TLS",
        ApiFailureStep.Timeout => "timeout",
        ApiFailureStep.HttpStatus => "HTTP status",
        ApiFailureStep.Body => "response body",
        _ => "unknown",
    };

    internal static string FixFor(ApiFailureStep step, AuthyConfig config, string configPath) => step switch
    {
        ApiFailureStep.Dns => $"check the host name in api_url in {configPath} and the DNS resolver of this host",
        ApiFailureStep.Connect =>
            $"check api_url and proxy in {configPath}, and that a firewall allows connections to the API",
        ApiFailureStep.Tls => $"check ca_file in {configPath} and the system clock of this host",
        ApiFailureStep.Timeout =>
            $"check the network and proxy, or raise api_timeout in {configPath} " +
            $"(now {config.ApiTimeout.TotalSeconds:0} s)",
        ApiFailureStep.HttpStatus => "the API is failing or limiting requests; try again later",
        ApiFailureStep.Body => $"check that api_url and proxy in {configPath} lead to the Authy API",
        _ => $"check api_url and proxy in {configPath}",
    };
}

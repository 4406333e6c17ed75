using Authy.Enroll.Commands;
using Authy.Totp.Api;
using Authy.Totp.Config;

namespace Authy.Enroll.Doctor;

/// <summary>Checks that the Authy API accepts the key, telling DNS, TCP, TLS and HTTP failures apart.</summary>
internal static class ApiCheck
{
    private const string Check = "api";

    public static DoctorResult Run(AuthyConfig config, string configPath, string apiKey)
    {
        var settings = new AuthyApiSettings(config.ApiUrl, config.ApiTimeout, config.Proxy, config.CaFile);
        ApiResult result;
        using (var client = new AuthyApiClient(settings, apiKey))
        {
            result = client.CheckKeyAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        string url = config.ApiUrl.ToString();
        return result.Outcome switch
        {
            ApiOutcome.Accepted => DoctorResult.Ok(Check, $"the Authy API at {url} accepted the API key"),
            ApiOutcome.Rejected when result.ErrorCode == AuthyErrorCodes.InvalidApiKey => DoctorResult.Fail(Check,
                $"the Authy API at {url} rejected the API key with error 60001, invalid API key",
                $"write the API key of your Authy application, from the Twilio Console, into {config.ApiKeyFilePath}"),
            ApiOutcome.Rejected => DoctorResult.Fail(Check,
                $"the Authy API at {url} rejected the key check: {result.Detail}",
                $"check api_url in {configPath} and the key in {config.ApiKeyFilePath}"),
            _ => DoctorResult.Fail(Check,
                $"the Authy API at {url} failed at the {ApiKeyCommand.StepName(result.Step)} step: {result.Detail}",
                ApiKeyCommand.FixFor(result.Step, config, configPath)),
        };
    }
}

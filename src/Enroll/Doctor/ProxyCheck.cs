using Authy.Totp.Config;

namespace Authy.Enroll.Doctor;

/// <summary>
/// Checks that a proxy set in this shell's environment is also in the config file, because PAM passes
/// no environment to the module, so a proxy that only the shell knows never reaches a login.
/// </summary>
internal static class ProxyCheck
{
    private const string Check = "proxy";

    private static readonly string[] Variables = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];

    /// <summary>Returns a result only when the environment names a proxy.</summary>
    public static DoctorResult? Run(AuthyConfig config, string configPath)
    {
        foreach (string variable in Variables)
        {
            string? value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            return config.Proxy is null
                ? DoctorResult.Fail(Check,
                    $"{variable} is set to {value} here, but PAM passes no environment, so logins use no proxy",
                    $"add 'proxy = {value}' to {configPath}")
                : DoctorResult.Ok(Check, $"the config file sets proxy {config.Proxy}, so logins use a proxy too");
        }

        return null;
    }
}

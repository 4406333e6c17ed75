using Authy.Totp.Config;

namespace Authy.Enroll.Doctor;

/// <summary>Runs every doctor check in order, from the installed files to the Authy API.</summary>
internal static class DoctorRun
{
    public static IReadOnlyList<DoctorResult> Run(DoctorOptions options)
    {
        var results = new List<DoctorResult>();
        PamFileFindings pam = PamFileCheck.Read(options.PamFile);
        results.Add(InstallChecks.CheckModule(pam.AuthyRule));
        results.Add(InstallChecks.CheckHelper(pam.Argument("helper") ?? DoctorOptions.DefaultHelperPath));
        results.Add(PamFileCheck.Evaluate(pam, options.PamFile, options.ConfigPath));
        results.AddRange(CheckSshd(options, pam));
        results.AddRange(CheckStore(options));
        results.Add(ClockCheck.Run(options.Timedatectl));
        return results;
    }

    private static IEnumerable<DoctorResult> CheckSshd(DoctorOptions options, PamFileFindings pam)
    {
        IReadOnlyDictionary<string, string>? settings = SshdChecks.ReadSettings(options, out DoctorResult? problem);
        if (settings is null)
        {
            return [problem!];
        }

        return
        [
            .. SshdChecks.CheckSettings(settings, options.SshdConfig),
            SshdChecks.CheckAuthenticationMethods(settings, options.SshdConfig, pam.CodeIsOnlyPamStep),
        ];
    }

    /// <summary>Checks the files named in the config, which all need the config to load.</summary>
    private static IEnumerable<DoctorResult> CheckStore(DoctorOptions options)
    {
        var results = new List<DoctorResult> { StoreChecks.CheckConfigFile(options.ConfigPath, out AuthyConfig? config) };
        if (config is null)
        {
            results.Add(DoctorResult.Skip("database", "not checked because the config file failed"));
            return results;
        }

        results.Add(StoreChecks.CheckKeyFile(config));
        results.Add(StoreChecks.CheckDatabaseFile(config));
        DoctorResult database = StoreChecks.CheckDatabase(config);
        results.Add(database);
        if (options.User is not null)
        {
            if (database.Status == DoctorStatus.Fail)
            {
                results.Add(DoctorResult.Skip("user", $"user {options.User} not checked because the database check failed"));
            }
            else
            {
                results.AddRange(StoreChecks.CheckUser(config, options.User));
            }
        }

        results.Add(StoreChecks.CheckApiKeyFile(config, out string? apiKey));
        if (ProxyCheck.Run(config, options.ConfigPath) is { } proxy)
        {
            results.Add(proxy);
        }

        if (options.Offline)
        {
            results.Add(DoctorResult.Skip("api", "not checked because of --offline"));
        }
        else if (apiKey is null)
        {
            results.Add(DoctorResult.Skip("api", "not checked because there is no usable API key file"));
        }
        else
        {
            results.Add(ApiCheck.Run(config, options.ConfigPath, apiKey));
        }

        return results;
    }
}

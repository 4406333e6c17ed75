using Authy.Totp.Config;

namespace Authy.Totp.Security;

/// <summary>The files of an installation that decide who logs in, checked with <see cref="StrictFiles"/>.</summary>
public static class InstallationFiles
{
    /// <summary>
    /// Checks the configuration file, the key file, and the database with its <c>-wal</c> and <c>-shm</c>
    /// files. Missing files are skipped. The API key file is left to <see cref="Api.ApiKeyFile"/>, because an
    /// unsafe one disables only the online factors.
    /// </summary>
    /// <returns>One message per unsafe file, in that order; empty when all are safe.</returns>
    public static IReadOnlyList<string> FindProblems(string configPath, AuthyConfig config)
    {
        (string Path, string Description, bool Secret)[] files =
        [
            (configPath, "config file", false),
            (config.KeyFilePath, "key file", true),
            (config.DatabasePath, "database", false),
            (config.DatabasePath + "-wal", "database WAL file", false),
            (config.DatabasePath + "-shm", "database shared-memory file", false),
        ];
        var problems = new List<string>();
        foreach (var file in files)
        {
            if (StrictFiles.FindProblem(file.Path, file.Description, file.Secret) is string problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }
}

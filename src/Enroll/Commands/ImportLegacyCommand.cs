using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Totp.Config;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll import-legacy [DIR]</c>: imports the files of the legacy Authy PAM module,
/// <c>DIR/users/USERNAME</c> with each user's Authy ID and <c>DIR/api.key</c> with the API key.
/// </summary>
/// <remarks>
/// Every file is checked before anything is written, and one invalid file stops the import, so the
/// database is never half-imported. The Authy IDs and the key file are written in one database
/// transaction that rolls back when the key file cannot be written. Running the import again changes
/// nothing.
/// </remarks>
internal static class ImportLegacyCommand
{
    public const string DefaultDirectory = "/etc/authy";

    public static Command Create(Option<string> configOption)
    {
        var directory = new Argument<string>("DIR")
        {
            Description = "Directory of the legacy module, with users/ and api.key",
            DefaultValueFactory = _ => DefaultDirectory,
        };
        var command = new Command(
            "import-legacy", "Import the Authy IDs and the API key of the legacy Authy PAM module")
        {
            directory,
        };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(configOption), parsed.GetRequiredValue(directory)));
        return command;
    }

    private static int Run(string configPath, string directoryArgument)
    {
        AuthyConfig config = Installation.LoadConfig(configPath);
        string directory = Path.GetFullPath(directoryArgument);
        string usersDirectory = Path.Combine(directory, "users");
        string sourceKey = Path.Combine(directory, "api.key");
        CheckDirectory(directory, usersDirectory, sourceKey);

        using SecretStore store = Installation.OpenStore(config);
        var problems = new List<LegacyProblem>();
        bool hasUsers = Directory.Exists(usersDirectory);
        IReadOnlyList<LegacyUser> users = hasUsers ? LegacyUsers.Read(usersDirectory, problems) : [];
        LegacyApiKey key = LegacyApiKey.Plan(sourceKey, config.ApiKeyFilePath, problems);
        if (problems.Count > 0)
        {
            foreach (LegacyProblem problem in problems)
            {
                Messages.Error($"{problem.FilePath} {problem.Reason}");
            }

            string files = problems.Count == 1 ? "1 legacy file is" : $"{problems.Count} legacy files are";
            throw CliException.Failure(
                $"{files} invalid, so nothing was imported; fix or remove them, then run " +
                $"'authy-enroll import-legacy {directory}' again");
        }

        ImportResult result = Import(store, users, key);
        ReportUsers(result, hasUsers ? usersDirectory : null);
        ReportKey(key);
        return ExitCodes.Success;
    }

    private static void CheckDirectory(string directory, string usersDirectory, string sourceKey)
    {
        RootAccess.Require(directory, "legacy directory", write: false);
        if (!Directory.Exists(directory))
        {
            throw CliException.Failure(
                $"legacy directory {directory} not found; pass the directory that contains users/ and api.key");
        }

        RootAccess.Require(usersDirectory, "legacy users directory", write: false);
        RootAccess.Require(sourceKey, "legacy API key file", write: false);
        if (!Directory.Exists(usersDirectory) && !File.Exists(sourceKey))
        {
            throw CliException.Failure(
                $"legacy directory {directory} contains neither users/ nor api.key; pass the directory of the " +
                "legacy Authy PAM module's files");
        }
    }

    /// <summary>Stores the Authy IDs and writes the key file in one transaction.</summary>
    /// <remarks>
    /// NOTE: the key file is renamed into place before the commit, so if the commit itself fails, the key
    /// stays copied while the Authy IDs roll back.
    /// </remarks>
    private static ImportResult Import(SecretStore store, IReadOnlyList<LegacyUser> users, LegacyApiKey key)
    {
        var result = new ImportResult();
        store.InTransaction(() =>
        {
            foreach (LegacyUser user in users)
            {
                long? previous = store.FindAuthyId(user.Name);
                if (previous == user.AuthyId)
                {
                    result.Unchanged++;
                    continue;
                }

                store.PutAuthyId(user.Name, user.AuthyId);
                if (previous is null)
                {
                    result.Added++;
                }
                else
                {
                    result.Replaced.Add((user, previous.Value));
                }
            }

            // Last, so that a failure to write the key rolls back the Authy IDs.
            key.Apply();
        });
        return result;
    }

    private static void ReportUsers(ImportResult result, string? usersDirectory)
    {
        if (usersDirectory is null)
        {
            Console.WriteLine("Authy IDs: no users directory in the legacy directory; none imported.");
            return;
        }

        foreach ((LegacyUser user, long previous) in result.Replaced)
        {
            Messages.Note($"user '{user.Name}' had Authy ID {previous}, which is now replaced by {user.AuthyId}");
        }

        int total = result.Added + result.Replaced.Count + result.Unchanged;
        string files = total == 1 ? "1 user file" : $"{total} user files";
        Console.WriteLine(
            $"Authy IDs: read {files} from {usersDirectory}: {result.Added} added, {result.Replaced.Count} replaced, " +
            $"{result.Unchanged} already present.");
    }

    private static void ReportKey(LegacyApiKey key)
    {
        string source = key.SourcePath;
        string target = key.TargetPath;
        switch (key.Action)
        {
            case ApiKeyImport.SourceMissing when File.Exists(target):
                Console.WriteLine($"API key: {source} not found; kept {target}.");
                break;
            case ApiKeyImport.SourceMissing:
                Messages.Warning(
                    $"no API key imported because {source} was not found; write the key to {target} with owner " +
                    "root and mode 0600 before users log in with push or SMS");
                break;
            case ApiKeyImport.SameFile:
                Console.WriteLine($"API key: {source} is the configured api_key_file; left unchanged.");
                break;
            case ApiKeyImport.AlreadyPresent:
                Console.WriteLine($"API key: {target} already contains the key from {source}; left unchanged.");
                break;
            case ApiKeyImport.Replace:
                Messages.Note($"API key file {target} contained a different key, which is now replaced");
                Console.WriteLine($"API key: copied {source} to {target} with owner root and mode 0600.");
                break;
            default:
                Console.WriteLine($"API key: copied {source} to {target} with owner root and mode 0600.");
                break;
        }
    }

    /// <summary>Counts of an import, and the users whose Authy ID changed with their previous ID.</summary>
    private sealed class ImportResult
    {
        public int Added { get; set; }

        public int Unchanged { get; set; }

        public List<(LegacyUser User, long PreviousId)> Replaced { get; } = [];
    }
}

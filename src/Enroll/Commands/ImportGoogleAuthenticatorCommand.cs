using System.CommandLine;
using System.Security.Cryptography;
using Authy.Enroll.Cli;
using Authy.Enroll.Import;
using Authy.Enroll.Input;
using Authy.Totp.Config;
using Authy.Totp.Crypto;
using Authy.Totp.Recovery;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll import-google-authenticator USER [FILE]</c>: stores the TOTP secret of a
/// google-authenticator-libpam file (default <c>~USER/.google_authenticator</c>) as the user's offline secret,
/// so the account the user already has in an app keeps working.
/// </summary>
/// <remarks>
/// HOTP secrets and steps other than 30 s are rejected, because the Authy app shows 30 s TOTP codes only.
/// WINDOW_SIZE and RATE_LIMIT are not imported: the window and the lockout come from the config file for
/// every user. The file's 8-digit scratch codes become recovery codes, replacing any the user had.
/// </remarks>
internal static class ImportGoogleAuthenticatorCommand
{
    public const string FileName = ".google_authenticator";

    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name to enroll" };
        var file = new Argument<string?>("FILE")
        {
            Description = $"google-authenticator file (default ~USER/{FileName})",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var force = new Option<bool>("--force") { Description = "Replace the seed of a user who is already enrolled" };
        var command = new Command("import-google-authenticator",
            "Enroll a user with the TOTP secret of a google-authenticator file")
        {
            user, file, force,
        };
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(configOption),
            UserName.Validate(parsed.GetRequiredValue(user)),
            parsed.GetValue(file),
            parsed.GetValue(force)));
        return command;
    }

    private static int Run(string configPath, string user, string? fileArgument, bool force)
    {
        string path = fileArgument ?? DefaultPath(user);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CliException.Failure($"google-authenticator file {path} not found; pass its path as FILE");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"google-authenticator file {path} could not be read: {e.Message}");
        }

        GoogleAuthenticatorFile file = GoogleAuthenticatorFile.Parse(path, lines);
        try
        {
            AuthyConfig config = Installation.LoadConfig(configPath);
            Store(config, user, file, force);
            Report(config, user, path, file);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(file.Seed);
        }

        return ExitCodes.Success;
    }

    private static string DefaultPath(string user)
    {
        string home = Interop.Passwd.HomeDirectory(user)
            ?? throw CliException.Failure($"user '{user}' not found in the user database; pass the file as FILE");
        return Path.Combine(home, FileName);
    }

    private static void Store(AuthyConfig config, string user, GoogleAuthenticatorFile file, bool force)
    {
        using SecretStore store = Installation.OpenStore(config);
        if (!force && store.FindUser(user) is not null)
        {
            throw CliException.Failure(
                $"user '{user}' is already enrolled; pass --force to replace the seed with the imported one");
        }

        byte[] key = Installation.DeriveKey(store, config);
        try
        {
            // The steps that google-authenticator saw used stay used, so a code typed there cannot be replayed.
            long lastStep = file.UsedSteps.Count == 0 ? -1 : file.UsedSteps.Max();
            EncryptedSeed encrypted = SeedCipher.Encrypt(key, user, file.Seed);
            if (!store.PutUser(user, encrypted, lastStep, DateTimeOffset.UtcNow, replace: force))
            {
                throw CliException.Failure(
                    $"user '{user}' was enrolled by another process meanwhile; pass --force to replace that seed");
            }

            if (file.ScratchCodes.Count > 0)
            {
                // NOTE: the seed and the codes are stored in two transactions, because the codes are hashed
                // first. A failure here leaves the seed imported without its scratch codes.
                store.PutRecoveryCodes(user, file.ScratchCodes);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void Report(AuthyConfig config, string user, string path, GoogleAuthenticatorFile file)
    {
        Console.WriteLine($"Imported user '{user}' from {path}: TOTP, 30 s steps, 6 digits.");
        int codes = 2 * config.Window + 1;
        if (file.WindowSize is { } size && size != codes)
        {
            Messages.Note($"WINDOW_SIZE {size} was not imported; pam_authy accepts {codes} codes (window = " +
                $"{config.Window} in the config file) for every user");
        }

        if (file.RateLimit is not null)
        {
            Messages.Note($"RATE_LIMIT {file.RateLimit} was not imported; the lockout settings in the config " +
                "file apply to every user");
        }

        foreach (string option in file.UnknownOptions)
        {
            Messages.Note($"option {option} is unknown and was ignored");
        }

        if (file.ScratchCodeCount > 0)
        {
            Console.WriteLine($"Imported {file.ScratchCodeCount} scratch codes as single-use recovery codes.");
        }
    }
}

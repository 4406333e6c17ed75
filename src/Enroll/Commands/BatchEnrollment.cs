using System.Security.Cryptography;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Enroll.Qr;
using Authy.Totp.Config;
using Authy.Totp.Crypto;
using Authy.Totp.Store;
using Authy.Totp.Totp;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll enroll --batch FILE --out DIR</c>: enrolls every user listed in a CSV file with a new random
/// seed, writes one QR code per user to <c>DIR/USER.png</c>, and prints a summary. No code is confirmed.
/// </summary>
/// <remarks>
/// The file has one login name per line in the first column. Blank lines, lines starting with '#' and a
/// header line "user" are skipped, and further columns are ignored. Every name is checked before anything
/// is written, and the users are stored in one database transaction.
/// </remarks>
internal static class BatchEnrollment
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static int Run(string configPath, string listPath, string outDirectory, bool force)
    {
        IReadOnlyList<string> users = ReadUsers(listPath);
        AuthyConfig config = Installation.LoadConfig(configPath);
        using SecretStore store = Installation.OpenStore(config);
        if (!force)
        {
            string[] enrolled = users.Where(user => store.FindUser(user) is not null).ToArray();
            if (enrolled.Length > 0)
            {
                throw CliException.Failure($"already enrolled: {string.Join(", ", enrolled)}; pass --force to " +
                    "replace their seeds, or remove them from the list");
            }
        }

        string directory = CreatePrivateDirectory(outDirectory);
        byte[] key = Installation.DeriveKey(store, config);
        try
        {
            var seeds = new List<(string User, EncryptedSeed Seed)>();
            foreach (string user in users)
            {
                byte[] seed = RandomNumberGenerator.GetBytes(Enrollment.SeedLength);
                try
                {
                    string uri = OtpAuthUri.Build(config.Issuer, user, Environment.MachineName, seed);
                    QrImages.WritePng(Path.Combine(directory, user + ".png"), QrImages.Encode(uri));
                    seeds.Add((user, SeedCipher.Encrypt(key, user, seed)));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(seed);
                }
            }

            DateTimeOffset now = DateTimeOffset.UtcNow;
            store.InTransaction(() =>
            {
                foreach ((string user, EncryptedSeed seed) in seeds)
                {
                    store.PutUser(user, seed, -1, now, replace: true);
                }
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        Console.WriteLine($"Enrolled {users.Count} users. QR codes, one PNG per user, are in {directory}:");
        foreach (string user in users)
        {
            Console.WriteLine($"  {user}: {Path.Combine(directory, user + ".png")}");
        }

        Messages.Warning($"no code was confirmed; give each user only their own PNG, then delete {directory}");
        return ExitCodes.Success;
    }

    private static IReadOnlyList<string> ReadUsers(string listPath)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(listPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"--batch file {listPath} could not be read: {e.Message.TrimEnd('.')}");
        }

        var users = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            string name = lines[i].Split(',')[0].Trim().Trim('"');
            if (name.Length == 0 || name.StartsWith('#') || (users.Count == 0 && name == "user"))
            {
                continue;
            }

            string? problem = UserName.FindProblem(name);
            if (problem is not null)
            {
                throw CliException.Usage($"{listPath}:{i + 1}: {problem}");
            }

            if (!seen.Add(name))
            {
                throw CliException.Usage($"{listPath}:{i + 1}: user '{name}' is listed twice; keep one line");
            }

            users.Add(name);
        }

        if (users.Count == 0)
        {
            throw CliException.Usage($"--batch file {listPath} lists no users; write one login name per line");
        }

        return users;
    }

    /// <summary>
    /// Creates <paramref name="path"/> with mode 0700, or checks that an existing directory has no access for
    /// group or others, because the PNGs contain the seeds.
    /// </summary>
    private static string CreatePrivateDirectory(string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            UnixFileMode mode = File.GetUnixFileMode(fullPath);
            if ((mode & ~OwnerOnly) != 0)
            {
                throw CliException.Failure($"--out directory {fullPath} has mode " +
                    $"{Convert.ToString((int)mode, 8).PadLeft(4, '0')}, so others could read the QR codes; " +
                    $"run 'chmod 700 {fullPath}' or choose a new directory");
            }

            return fullPath;
        }

        try
        {
            Directory.CreateDirectory(fullPath, OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"--out directory {fullPath} could not be created: {e.Message.TrimEnd('.')}");
        }

        File.SetUnixFileMode(fullPath, OwnerOnly);
        return fullPath;
    }
}

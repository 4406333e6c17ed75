using System.Security.Cryptography;
using System.Text;
using Authy.Enroll.Cli;
using Authy.Totp.Security;

namespace Authy.Enroll.Commands;

/// <summary>What <c>import-legacy</c> does with the legacy API key file.</summary>
internal enum ApiKeyImport
{
    /// <summary>The legacy directory has no <c>api.key</c>.</summary>
    SourceMissing,

    /// <summary>The legacy file is the configured <c>api_key_file</c> itself.</summary>
    SameFile,

    /// <summary>The configured file already contains the same key.</summary>
    AlreadyPresent,

    /// <summary>The configured file does not exist, so the key is copied there.</summary>
    Copy,

    /// <summary>The configured file contains a different key, which the legacy key replaces.</summary>
    Replace,
}

/// <summary>
/// Copies the legacy <c>api.key</c> to the configured <c>api_key_file</c>. <see cref="Plan"/> reads and checks
/// everything first, so <see cref="Apply"/> only writes.
/// </summary>
internal sealed class LegacyApiKey
{
    /// <summary>The same limit as <c>ApiKeyFile.Read</c>, which reads the copied file at login.</summary>
    private const int MaxKeyLength = 256;

    /// <summary>Larger files are rejected unread.</summary>
    private const int MaxFileBytes = 4096;

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOtherAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string? key;

    private LegacyApiKey(string sourcePath, string targetPath, ApiKeyImport action, string? key)
    {
        SourcePath = sourcePath;
        TargetPath = targetPath;
        Action = action;
        this.key = key;
    }

    public string SourcePath { get; }

    public string TargetPath { get; }

    public ApiKeyImport Action { get; }

    /// <summary>
    /// Reads the legacy key at <paramref name="sourcePath"/> and compares it with <paramref name="targetPath"/>.
    /// Invalid files are added to <paramref name="problems"/>. Warns when the source, or a target that already
    /// contains the key, lets users other than root read or change it.
    /// </summary>
    public static LegacyApiKey Plan(string sourcePath, string targetPath, ICollection<LegacyProblem> problems)
    {
        if (!File.Exists(sourcePath) && !Directory.Exists(sourcePath))
        {
            return new LegacyApiKey(sourcePath, targetPath, ApiKeyImport.SourceMissing, null);
        }

        string? key = ReadKey(sourcePath, out string? problem);
        if (key is null)
        {
            // The caller imports nothing when a problem is listed, so the action is never applied.
            problems.Add(new LegacyProblem(sourcePath, problem!));
            return new LegacyApiKey(sourcePath, targetPath, ApiKeyImport.SourceMissing, null);
        }

        WarnIfExposed(sourcePath);
        if (Path.GetFullPath(sourcePath) == Path.GetFullPath(targetPath))
        {
            return new LegacyApiKey(sourcePath, targetPath, ApiKeyImport.SameFile, key);
        }

        if (Directory.Exists(targetPath))
        {
            problems.Add(new LegacyProblem(
                targetPath, "is a directory, but api_key_file must name a file; correct api_key_file in the config"));
            return new LegacyApiKey(sourcePath, targetPath, ApiKeyImport.SourceMissing, null);
        }

        ApiKeyImport action = ApiKeyImport.Copy;
        if (File.Exists(targetPath))
        {
            // An unreadable or malformed target counts as a different key, which the legacy key replaces.
            string? current = ReadKey(targetPath, out _);
            action = current == key ? ApiKeyImport.AlreadyPresent : ApiKeyImport.Replace;
        }

        if (action == ApiKeyImport.AlreadyPresent)
        {
            WarnIfExposed(targetPath);
        }
        else if (!Environment.IsPrivilegedProcess)
        {
            // The PAM helper accepts only a key file owned by root, and only root can create a file with that owner.
            problems.Add(new LegacyProblem(
                targetPath, $"must be owned by root, so only root can write it; {RootAccess.Hint}"));
        }

        return new LegacyApiKey(sourcePath, targetPath, action, key);
    }

    /// <summary>Writes the key to the target file if <see cref="Action"/> is a copy or a replacement.</summary>
    public void Apply()
    {
        if (Action is ApiKeyImport.Copy or ApiKeyImport.Replace)
        {
            WriteKeyFile(TargetPath, key!);
        }
    }

    /// <summary>
    /// Reads a key file by the rules of <c>ApiKeyFile.Read</c>: one line with the key, surrounding whitespace
    /// ignored. Returns null and sets <paramref name="problem"/> when the file is unreadable or malformed.
    /// </summary>
    private static string? ReadKey(string path, out string? problem)
    {
        problem = null;
        string content;
        try
        {
            if (Directory.Exists(path))
            {
                problem = "is a directory; it must be a file that contains the API key";
                return null;
            }

            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                problem = $"is {length} bytes; it must contain only the API key, on one line";
                return null;
            }

            content = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"could not be read: {e.Message.TrimEnd('.')}";
            return null;
        }

        if (content.Length == 0 || content.Length > MaxKeyLength ||
            content.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // The content is a secret, so the message describes it without quoting it.
            problem = $"must contain the API key alone on one line: 1 to {MaxKeyLength} characters without " +
                "whitespace or control characters";
            return null;
        }

        return content;
    }

    private static void WarnIfExposed(string path)
    {
        FileStatus status = FileStatus.Read(path);
        bool notRoot = status.OwnerId != 0;
        bool openMode = (status.Mode & GroupOrOtherAccess) != 0;
        if (!notRoot && !openMode)
        {
            return;
        }

        string mode = Convert.ToString((int)status.Mode, 8).PadLeft(4, '0');
        string fix = (notRoot, openMode) switch
        {
            (true, true) => $"chown root:root {path} && chmod 600 {path}",
            (true, false) => $"chown root:root {path}",
            _ => $"chmod 600 {path}",
        };
        Messages.Warning(
            $"API key file {path} has owner uid {status.OwnerId} and mode {mode}, which lets users other than " +
            $"root read or change the key; run '{fix}'");
    }

    /// <summary>
    /// Writes <paramref name="content"/> and a newline to a temporary file with owner root and mode 0600 in the
    /// target's directory, flushes it to disk and renames it over <paramref name="path"/>. Readers see either
    /// the old file or the complete new one.
    /// </summary>
    private static void WriteKeyFile(string path, string content)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            Console.WriteLine($"created directory {directory}");
        }

        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        byte[] bytes = Encoding.UTF8.GetBytes(content + "\n");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerReadWrite,
        };
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            // The umask may have cleared bits of the create mode, so set the mode exactly.
            File.SetUnixFileMode(temporary, OwnerReadWrite);
            uint owner = FileStatus.Read(temporary).OwnerId;
            if (owner != 0)
            {
                throw CliException.Failure(
                    $"API key file {path} would be owned by uid {owner}, but the PAM module accepts only owner root; " +
                    RootAccess.Hint);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failure($"API key file {path} could not be written: {e.Message.TrimEnd('.')}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}

using Authy.Totp.Security;

namespace Authy.Totp.Api;

/// <summary>
/// The file with the Authy API key: one line, owned by root, with no access for group or others,
/// because the key lets anyone send pushes and SMS codes to every user of the account.
/// </summary>
public static class ApiKeyFile
{
    private const UnixFileMode GroupOrOtherAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads and checks the key.</summary>
    /// <exception cref="SetupException">The file is missing, unsafe or does not contain one key.</exception>
    public static string Read(string path)
    {
        FileStatus status;
        try
        {
            status = FileStatus.Read(path);
        }
        catch (IOException e)
        {
            throw new SetupException($"API key file {path} could not be read ({e.Message}); " +
                "store the key with 'authy-enroll import-legacy' or write it there with mode 0600");
        }

        if (status.OwnerId != 0 || (status.Mode & GroupOrOtherAccess) != 0)
        {
            string mode = Convert.ToString((int)status.Mode, 8).PadLeft(4, '0');
            throw new SetupException(
                $"API key file {path} has owner uid {status.OwnerId} and mode {mode}, which lets others read or " +
                $"change it; run 'chown root:root {path} && chmod 600 {path}'");
        }

        string key = File.ReadAllText(path).Trim();
        if (key.Length == 0 || key.Length > 256 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new SetupException($"API key file {path} must contain the API key alone on one line");
        }

        return key;
    }
}

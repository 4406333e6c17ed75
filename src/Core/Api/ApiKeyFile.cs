using Authy.Totp.Security;

namespace Authy.Totp.Api;

/// <summary>
/// The file with the Authy API key: one line, owned by root, with no access for group or others,
/// because the key lets anyone send pushes and SMS codes to every user of the account.
/// </summary>
public static class ApiKeyFile
{
    /// <summary>Reads and checks the key.</summary>
    /// <exception cref="SetupException">
    /// The file is missing, unsafe (see <see cref="StrictFiles"/>) or does not contain one key.
    /// </exception>
    public static string Read(string path)
    {
        try
        {
            FileStatus.Read(path);
        }
        catch (IOException e)
        {
            throw new SetupException($"API key file {path} could not be read ({e.Message}); " +
                "store the key with 'authy-enroll import-legacy' or write it there with mode 0600");
        }

        if (StrictFiles.FindProblem(path, "API key file", secret: true) is string problem)
        {
            throw new SetupException(problem);
        }

        string key = File.ReadAllText(path).Trim();
        if (key.Length == 0 || key.Length > 256 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new SetupException($"API key file {path} must contain the API key alone on one line");
        }

        return key;
    }
}

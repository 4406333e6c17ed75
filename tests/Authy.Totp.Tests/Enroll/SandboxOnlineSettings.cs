using Authy.Totp.Store;

namespace Authy.Totp.Tests.Enroll;

/// <summary>API settings and Authy ID access for an <see cref="EnrollSandbox"/>.</summary>
internal static class SandboxOnlineSettings
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Path of the API key file that <see cref="AddApiSettings"/> configures.</summary>
    public static string ApiKeyFilePath(this EnrollSandbox sandbox) => sandbox.PathOf("api.key");

    /// <summary>
    /// Appends <c>api_url</c>, <c>api_key_file</c> (see <see cref="ApiKeyFilePath"/>), <c>api_timeout = 2</c> and
    /// the given extra lines to the sandbox config.
    /// </summary>
    public static void AddApiSettings(this EnrollSandbox sandbox, Uri apiUrl, params string[] extraLines)
    {
        string lines = $"api_url = {apiUrl}\napi_key_file = {sandbox.ApiKeyFilePath()}\napi_timeout = 2\n";
        File.AppendAllText(sandbox.ConfigPath, lines + string.Concat(extraLines.Select(line => line + "\n")));
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> and sets the mode exactly.</summary>
    public static void WriteFile(string path, string content, UnixFileMode mode)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
    }

    public static long? ReadAuthyId(this EnrollSandbox sandbox, string user)
    {
        using SecretStore store = SecretStore.Open(sandbox.DatabasePath);
        return store.FindAuthyId(user);
    }

    public static IReadOnlyList<(string Name, long AuthyId)> ReadAuthyIds(this EnrollSandbox sandbox)
    {
        using SecretStore store = SecretStore.Open(sandbox.DatabasePath);
        return store.ListAuthyIds();
    }

    /// <summary>Stores an Authy ID with <c>authy-enroll authy-id</c> and fails the test unless that succeeds.</summary>
    public static void StoreAuthyId(this EnrollSandbox sandbox, string user, long authyId)
    {
        CliResult result = sandbox.Run("authy-id", user, authyId.ToString());
        Assert.True(result.ExitCode == 0, $"authy-id failed: {result}");
    }
}

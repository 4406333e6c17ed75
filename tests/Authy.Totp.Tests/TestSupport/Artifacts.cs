namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// Locates the repository and the binaries that <c>./test.sh</c> publishes into <c>artifacts/bin</c>:
/// pam_authy.so, pam_authy_helper, authy-enroll and pam_driver.
/// </summary>
public static class Artifacts
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string BinDirectory => System.IO.Path.Combine(RepositoryRoot, "artifacts", "bin");

    /// <summary>Returns the full path of a built binary, or throws with the command that builds it.</summary>
    public static string Path(string name)
    {
        string path = System.IO.Path.Combine(BinDirectory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} not found; build it with './test.sh --build-only' from the repository root", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Authy.Totp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Authy.Totp.sln above {AppContext.BaseDirectory}");
    }
}

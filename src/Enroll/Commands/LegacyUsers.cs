using Authy.Enroll.Input;

namespace Authy.Enroll.Commands;

/// <summary>A user file of the legacy layout, <c>users/USERNAME</c>, whose content is the user's Authy ID.</summary>
internal sealed record LegacyUser(string Name, long AuthyId, string FilePath);

/// <summary>
/// A file that cannot be imported. <see cref="Reason"/> is a predicate that follows the path in the message,
/// such as "is empty; ...", and names the fix.
/// </summary>
internal sealed record LegacyProblem(string FilePath, string Reason);

/// <summary>Reads the <c>users</c> directory of the legacy Authy PAM layout.</summary>
internal static class LegacyUsers
{
    /// <summary>Larger files are rejected unread. An Authy ID up to 2^53 has at most 16 digits.</summary>
    private const int MaxFileBytes = 64;

    /// <summary>
    /// Reads every entry of <paramref name="directory"/> in ordinal name order. Valid files are returned, and
    /// every other entry is added to <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<LegacyUser> Read(string directory, ICollection<LegacyProblem> problems)
    {
        var users = new List<LegacyUser>();
        IEnumerable<string> paths = Directory.GetFileSystemEntries(directory).Order(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            string? problem = ReadFile(path, out LegacyUser? user);
            if (problem is null)
            {
                users.Add(user!);
            }
            else
            {
                problems.Add(new LegacyProblem(path, problem));
            }
        }

        return users;
    }

    /// <summary>Reads one user file. Returns null on success, or the reason the file is invalid.</summary>
    private static string? ReadFile(string path, out LegacyUser? user)
    {
        user = null;
        if (Directory.Exists(path))
        {
            return "is a directory; the users directory must contain only one file per user";
        }

        string? nameProblem = UserName.FindProblem(Path.GetFileName(path));
        if (nameProblem is not null)
        {
            return $"is not named after a valid login name: {nameProblem}";
        }

        string content;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                return $"is {length} bytes, too long for an Authy ID; the file must contain only the user's Authy ID";
            }

            content = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"could not be read: {e.Message.TrimEnd('.')}";
        }

        if (content.Length == 0)
        {
            return "is empty; write the user's Authy ID into it, or remove the file";
        }

        if (!AuthyId.TryParse(content, out long id))
        {
            return $"contains '{AuthyId.Printable(content)}', which is not an Authy ID; the file must contain only " +
                $"the user's Authy ID, {AuthyId.Range}";
        }

        user = new LegacyUser(Path.GetFileName(path), id, path);
        return null;
    }
}

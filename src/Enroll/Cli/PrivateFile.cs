namespace Authy.Enroll.Cli;

/// <summary>Writes files that contain a secret, such as a QR code image of the seed.</summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> with mode 0600, replacing an existing
    /// file. The data goes to a new temporary file that is renamed into place, so the file has mode 0600
    /// even when the old file had a wider mode, and readers never see a partial file.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content, string optionName)
    {
        string fullPath = Path.GetFullPath(path);
        string temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
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
                stream.Write(content);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            string reason = e is DirectoryNotFoundException
                ? $"directory {Path.GetDirectoryName(fullPath)} not found"
                : e.Message.TrimEnd('.');
            throw CliException.Failure(
                $"{optionName} file {fullPath} could not be written: {reason}; choose another path");
        }
    }
}

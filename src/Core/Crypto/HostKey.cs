using System.Security.Cryptography;

namespace Authy.Totp.Crypto;

/// <summary>
/// The host key file: 32 random bytes, owned by root with mode 0600, from which the key that encrypts
/// the seeds is derived.
/// </summary>
public static class HostKey
{
    public const int Length = 32;

    /// <summary>Reads the key file into a new buffer that the caller must zero after use.</summary>
    /// <exception cref="SetupException">The file is missing, unreadable or not exactly 32 bytes.</exception>
    public static byte[] Read(string path)
    {
        byte[] key;
        try
        {
            key = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SetupException(
                $"key file {path} not found; restore it from backup, or run 'authy-enroll init' on a new installation");
        }
        catch (UnauthorizedAccessException)
        {
            throw new SetupException($"key file {path}: permission denied; it must be readable by root");
        }
        catch (IOException e)
        {
            throw new SetupException($"key file {path} could not be read: {e.Message}");
        }

        if (key.Length != Length)
        {
            int actual = key.Length;
            CryptographicOperations.ZeroMemory(key);
            throw new SetupException(
                $"key file {path} is {actual} bytes, expected {Length}; restore it from backup " +
                "(a new key cannot decrypt the existing database)");
        }

        return key;
    }

    /// <summary>
    /// Creates a new key file with mode 0600. Fails if the file already exists, so an existing key is
    /// never replaced.
    /// </summary>
    public static void Create(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        Span<byte> key = stackalloc byte[Length];
        RandomNumberGenerator.Fill(key);
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(key);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// A 1 MiB tmpfs mounted on a fresh temporary directory, for full-disk and read-only faults that must not
/// touch the machine's real disks. Unmounted and removed on Dispose. Needs root.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private readonly TempDirectory directory = new();

    public SmallFileSystem()
    {
        Run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", directory.Path);
    }

    public string Path => directory.Path;

    public string File(string name) => directory.File(name);

    public void RemountReadOnly() => Run("mount", "-o", "remount,ro", directory.Path);

    public void RemountReadWrite() => Run("mount", "-o", "remount,rw", directory.Path);

    /// <summary>Writes a filler file until the file system reports that it is full.</summary>
    public void Fill()
    {
        byte[] block = new byte[4096];
        // Unbuffered, so nothing is left to flush (and fail again) when the stream is closed.
        using var filler = new FileStream(File("filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the file system is full, as intended.
        }
    }

    public void RemoveFiller() => System.IO.File.Delete(File("filler"));

    public void Dispose()
    {
        // A helper killed by a test may still hold a file for a moment, so retry the unmount briefly.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (ProcessRunner.Run("umount", [directory.Path]).ExitCode == 0)
            {
                break;
            }

            Thread.Sleep(100);
        }

        directory.Dispose();
    }

    private static void Run(string program, params string[] arguments)
    {
        var result = ProcessRunner.Run(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {result.Error}");
    }
}

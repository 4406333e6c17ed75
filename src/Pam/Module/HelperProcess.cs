using System.Buffers.Binary;
using System.Text;

namespace Authy.Pam;

/// <summary>
/// The helper program, started fresh for each authentication and connected through a Unix socket
/// pair on its standard input and output.
/// </summary>
/// <remarks>
/// All of the real work (configuration, database, Argon2id) runs in the helper, because the host
/// process may fork after this module's runtime has started, and a forked child keeps only the
/// calling thread. Everything here is synchronous on that thread: socket I/O with poll timeouts,
/// posix_spawn and waitpid. The helper starts with default signal dispositions, an empty signal
/// mask, a fixed environment and no descriptors but 0, 1 and 2 (standard error is /dev/null).
/// </remarks>
internal sealed unsafe class HelperProcess : IDisposable
{
    private const int ExitWaitMilliseconds = 2000;

    private readonly int pid;
    private int socket;

    private HelperProcess(int pid, int socket)
    {
        this.pid = pid;
        this.socket = socket;
    }

    /// <summary>Starts the helper, or returns null and sets <paramref name="error"/>.</summary>
    public static HelperProcess? Start(string path, out string? error)
    {
        // The helper runs as root with the login's decision, so it gets the same ownership checks as the
        // key file: owned by root and not writable by others, nor its directories.
        error = Authy.Totp.Security.StrictFiles.FindProblem(path, "helper", secret: false, fixMode: "755");
        if (error is not null)
        {
            return null;
        }

        byte[] pathBytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* pathPointer = pathBytes)
        {
            if (Interop.Libc.access(pathPointer, Interop.Libc.X_OK) != 0)
            {
                error = $"helper {path} is missing or not executable; reinstall pam_authy or fix helper=";
                return null;
            }
        }

        int* pair = stackalloc int[2];
        if (Interop.Libc.socketpair(
                Interop.Libc.AF_UNIX, Interop.Libc.SOCK_STREAM | Interop.Libc.SOCK_CLOEXEC, 0, pair) != 0)
        {
            error = $"socketpair failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}";
            return null;
        }

        int pid = Spawn(pathBytes, pair[1], out int spawnError);
        Interop.Libc.close(pair[1]);
        if (pid <= 0)
        {
            Interop.Libc.close(pair[0]);
            error = $"could not start helper {path}: errno {spawnError}";
            return null;
        }

        error = null;
        return new HelperProcess(pid, pair[0]);
    }

    /// <summary>Sends one frame; false when the helper has gone away.</summary>
    public bool Send(byte type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HelperProtocol.HeaderLength];
        header[0] = type;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        return SendAll(header) && SendAll(payload);
    }

    /// <summary>
    /// Receives one frame within <paramref name="timeoutMilliseconds"/>. Returns false on timeout, end
    /// of stream, or a frame larger than <see cref="HelperProtocol.MaxPayload"/>.
    /// </summary>
    public bool Receive(int timeoutMilliseconds, out byte type, out byte[] payload, out string? error)
    {
        long deadline = Environment.TickCount64 + timeoutMilliseconds;
        type = 0;
        payload = [];
        Span<byte> header = stackalloc byte[HelperProtocol.HeaderLength];
        if (!ReceiveAll(header, deadline, out error))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        if (length < 0 || length > HelperProtocol.MaxPayload)
        {
            error = $"helper sent a frame of {length} bytes, more than {HelperProtocol.MaxPayload}";
            return false;
        }

        type = header[0];
        payload = new byte[length];
        return ReceiveAll(payload, deadline, out error);
    }

    /// <summary>Closes the socket, gives the helper a moment to exit, then kills and reaps it.</summary>
    public void Dispose()
    {
        if (socket >= 0)
        {
            Interop.Libc.close(socket);
            socket = -1;
        }

        int status;
        long deadline = Environment.TickCount64 + ExitWaitMilliseconds;
        while (true)
        {
            int reaped = Interop.Libc.waitpid(pid, &status, Interop.Libc.WNOHANG);
            if (reaped == pid || (reaped < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Interop.Libc.ECHILD))
            {
                return;
            }

            if (Environment.TickCount64 >= deadline)
            {
                Interop.Libc.kill(pid, Interop.Libc.SIGKILL);
                Interop.Libc.waitpid(pid, &status, 0);
                return;
            }

            Interop.Libc.poll(null, 0, 5);
        }
    }

    private static int Spawn(byte[] pathBytes, int childSocket, out int spawnError)
    {
        byte* fileActions = stackalloc byte[Interop.Libc.FileActionsSize];
        byte* attributes = stackalloc byte[Interop.Libc.SpawnAttrSize];
        byte* emptySet = stackalloc byte[Interop.Libc.SigsetSize];
        byte* fullSet = stackalloc byte[Interop.Libc.SigsetSize];
        byte[] devNull = "/dev/null\0"u8.ToArray();
        byte[] environmentPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin\0"u8.ToArray();
        int pid = 0;

        Interop.Libc.posix_spawn_file_actions_init(fileActions);
        Interop.Libc.posix_spawnattr_init(attributes);
        try
        {
            Interop.Libc.posix_spawn_file_actions_adddup2(fileActions, childSocket, 0);
            Interop.Libc.posix_spawn_file_actions_adddup2(fileActions, childSocket, 1);
            fixed (byte* devNullPointer = devNull)
            {
                Interop.Libc.posix_spawn_file_actions_addopen(fileActions, 2, devNullPointer, Interop.Libc.O_WRONLY, 0);
            }

            Interop.Libc.posix_spawn_file_actions_addclosefrom_np(fileActions, 3);
            Interop.Libc.sigemptyset(emptySet);
            Interop.Libc.sigfillset(fullSet);
            Interop.Libc.posix_spawnattr_setsigmask(attributes, emptySet);
            Interop.Libc.posix_spawnattr_setsigdefault(attributes, fullSet);
            Interop.Libc.posix_spawnattr_setflags(
                attributes, Interop.Libc.POSIX_SPAWN_SETSIGMASK | Interop.Libc.POSIX_SPAWN_SETSIGDEF);

            fixed (byte* path = pathBytes)
            fixed (byte* environmentEntry = environmentPath)
            {
                byte** argv = stackalloc byte*[2] { path, null };
                byte** envp = stackalloc byte*[2] { environmentEntry, null };
                spawnError = Interop.Libc.posix_spawn(&pid, path, fileActions, attributes, argv, envp);
            }
        }
        finally
        {
            Interop.Libc.posix_spawnattr_destroy(attributes);
            Interop.Libc.posix_spawn_file_actions_destroy(fileActions);
        }

        return spawnError == 0 ? pid : -1;
    }

    private bool SendAll(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            int offset = 0;
            while (offset < data.Length)
            {
                nint sent = Interop.Libc.send(socket, start + offset, (nuint)(data.Length - offset), Interop.Libc.MSG_NOSIGNAL);
                if (sent < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Interop.Libc.EINTR)
                {
                    continue;
                }

                if (sent <= 0)
                {
                    return false;
                }

                offset += (int)sent;
            }
        }

        return true;
    }

    private bool ReceiveAll(Span<byte> buffer, long deadline, out string? error)
    {
        fixed (byte* start = buffer)
        {
            int offset = 0;
            while (offset < buffer.Length)
            {
                if (!WaitReadable(deadline, out error))
                {
                    return false;
                }

                nint received = Interop.Libc.recv(socket, start + offset, (nuint)(buffer.Length - offset), 0);
                if (received < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Interop.Libc.EINTR)
                {
                    continue;
                }

                if (received <= 0)
                {
                    error = "helper closed the connection before sending a result";
                    return false;
                }

                offset += (int)received;
            }
        }

        error = null;
        return true;
    }

    private bool WaitReadable(long deadline, out string? error)
    {
        while (true)
        {
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                error = "helper did not answer in time";
                return false;
            }

            var descriptor = new Interop.Libc.pollfd { fd = socket, events = Interop.Libc.POLLIN };
            int ready = Interop.Libc.poll(&descriptor, 1, (int)remaining);
            if (ready > 0)
            {
                error = null;
                return true;
            }

            if (ready < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Interop.Libc.EINTR)
            {
                error = $"poll failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}";
                return false;
            }
        }
    }
}

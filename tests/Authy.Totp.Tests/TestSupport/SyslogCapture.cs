using System.Net.Sockets;
using System.Text;

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// Receives what pam_syslog writes, by serving /dev/log for the whole test run.
/// </summary>
/// <remarks>
/// glibc's syslog(3) always sends to /dev/log. Machines without a syslog daemon (containers, CI) have
/// no such socket, so this binds one and removes it when the test process exits.
/// </remarks>
public static class SyslogCapture
{
    public const string SocketPath = "/dev/log";

    private static readonly object Gate = new();
    private static readonly List<string> Lines = [];
    private static Socket? socket;

    /// <summary>Starts capturing, or throws when another syslog daemon already owns /dev/log.</summary>
    public static void EnsureStarted()
    {
        lock (Gate)
        {
            if (socket is not null)
            {
                return;
            }

            // NOTE: with a syslog daemon on /dev/log the log assertions cannot see the module's lines;
            // stop the daemon or run the tests in a container.
            if (IsListening())
            {
                throw new InvalidOperationException(
                    $"{SocketPath} is served by another process (a syslog daemon or another test run), so the " +
                    "module's log lines go there; run the tests where nothing else serves /dev/log");
            }

            // A socket left by a test run that was killed has no listener and can go.
            File.Delete(SocketPath);

            socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
            File.SetUnixFileMode(SocketPath, (UnixFileMode)0b110_110_110);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(SocketPath);
            new Thread(Receive) { IsBackground = true, Name = "syslog capture" }.Start();
        }
    }

    /// <summary>Waits briefly for lines containing <paramref name="marker"/> and returns them.</summary>
    public static IReadOnlyList<string> LinesContaining(string marker, int minimum = 1)
    {
        long deadline = Environment.TickCount64 + 5000;
        while (true)
        {
            List<string> found;
            lock (Gate)
            {
                found = Lines.Where(line => line.Contains(marker, StringComparison.Ordinal)).ToList();
            }

            if (found.Count >= minimum || Environment.TickCount64 > deadline)
            {
                return found;
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Every line received so far.</summary>
    public static IReadOnlyList<string> AllLines()
    {
        lock (Gate)
        {
            return Lines.ToList();
        }
    }

    private static bool IsListening()
    {
        if (!File.Exists(SocketPath) && !Directory.Exists(SocketPath) && new FileInfo(SocketPath).LinkTarget is null)
        {
            return false;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Receive()
    {
        byte[] buffer = new byte[65536];
        while (true)
        {
            int length = socket!.Receive(buffer);
            lock (Gate)
            {
                Lines.Add(Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
    }
}

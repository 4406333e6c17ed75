using System.Net;
using System.Net.Sockets;

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 that accepts connections and never reads or writes on them, like a server that
/// hangs before responding. Its connections stay open until Dispose.
/// </summary>
public sealed class BlackHoleServer : IDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly List<TcpClient> connections = [];
    private readonly Task acceptLoop;

    public BlackHoleServer()
    {
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        acceptLoop = AcceptAsync();
    }

    /// <summary>An http URL of the listener, for example <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Number of connections accepted so far.</summary>
    public int AcceptedCount
    {
        get { lock (gate) { return connections.Count; } }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        acceptLoop.Wait(TimeSpan.FromSeconds(5));
        lock (gate)
        {
            foreach (TcpClient connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (gate)
            {
                connections.Add(connection);
            }
        }
    }
}

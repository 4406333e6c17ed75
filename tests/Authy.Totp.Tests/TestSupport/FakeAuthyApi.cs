using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// An HTTP server on 127.0.0.1 that serves the legacy Authy API endpoints used by <c>AuthyApiClient</c>,
/// with users, tokens and push outcomes set by the test, and records every request.
/// </summary>
/// <remarks>
/// <para>
/// Endpoints: GET /protected/json/app/details, GET /protected/json/sms/{authy_id},
/// GET /protected/json/verify/{token}/{authy_id}, POST /onetouch/json/users/{authy_id}/approval_requests and
/// GET /onetouch/json/approval_requests/{uuid}. Bodies follow the real API: a wrong or missing
/// <c>X-Authy-API-Key</c> gets 401 with error_code 60001, an unknown Authy ID 404 with 60026, an invalid token
/// 401 with 60020, and a valid token 200 with <c>"token":"is valid"</c>.
/// </para>
/// <para>
/// Each connection carries one request and is closed after the response. Users and settings may be changed
/// between requests. A change made while a request is in flight may or may not apply to it.
/// </para>
/// <example>
/// <code>
/// using var api = new FakeAuthyApi();
/// api.AddUser(1001, "1234567").PendingPolls = 2;   // push approved on the third status read
/// using var client = new AuthyApiClient(new AuthyApiSettings(api.BaseUri, timeout, null, null), api.ApiKey);
/// ApiResult result = await client.VerifyTokenAsync(1001, "1234567", CancellationToken.None);
/// Assert.Equal("/protected/json/verify/1234567/1001", api.Requests[^1].Path);
/// </code>
/// </example>
/// </remarks>
public sealed class FakeAuthyApi : IDisposable
{
    /// <summary>The API key that the fake accepts unless the constructor is given another one.</summary>
    public const string DefaultApiKey = "fake-authy-api-key-7c41e9";

    private const string JsonType = "application/json; charset=utf-8";
    private const string HtmlType = "text/html; charset=utf-8";
    private const string OutageHtml = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";
    private const string PortalHtml = "<html><head><title>Sign in</title></head><body>Sign in first</body></html>";

    // Handlers end when the token is cancelled or their socket is closed, so this is only a backstop.
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly TcpListener listener;
    private readonly X509Certificate2? certificate;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly Dictionary<long, FakeAuthyUser> users = [];
    private readonly Dictionary<string, ApprovalState> approvals = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> requests = [];
    private readonly HashSet<TcpClient> connections = [];
    private readonly List<Task> handlers = [];
    private readonly Task acceptLoop;
    private FakeApiFault fault;
    private FakeResponse? fixedResponse;
    private bool disposed;

    /// <summary>Starts listening on a free port of 127.0.0.1.</summary>
    /// <param name="apiKey">The only value of <c>X-Authy-API-Key</c> that the fake accepts.</param>
    /// <param name="certificate">
    /// Server certificate with its private key for HTTPS, or null for plain HTTP. The caller keeps ownership.
    /// </param>
    public FakeAuthyApi(string apiKey = DefaultApiKey, X509Certificate2? certificate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        if (certificate is not null && !certificate.HasPrivateKey)
        {
            throw new ArgumentException("the server certificate has no private key", nameof(certificate));
        }

        ApiKey = apiKey;
        this.certificate = certificate;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        BaseUri = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/");
        acceptLoop = AcceptAsync();
    }

    /// <summary>Root of the API, for example <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The API key that the fake accepts.</summary>
    public string ApiKey { get; }

    /// <summary>Fault applied to every request from now on, <see cref="FakeApiFault.None"/> by default.</summary>
    public FakeApiFault Fault
    {
        get { lock (gate) { return fault; } }
        set { lock (gate) { fault = value; } }
    }

    /// <summary>
    /// Response sent to every request from now on in place of the API's own, or null for the normal responses.
    /// It bypasses the API key check and the user registry, but a <see cref="Fault"/> still applies first.
    /// </summary>
    public FakeResponse? FixedResponse
    {
        get { lock (gate) { return fixedResponse; } }
        set { lock (gate) { fixedResponse = value; } }
    }

    /// <summary>A copy of the requests received so far, oldest first, including unanswered ones.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (gate) { return requests.ToArray(); } }
    }

    /// <summary>Adds a user whose verify endpoint accepts <paramref name="validTokens"/>.</summary>
    public FakeAuthyUser AddUser(long authyId, params string[] validTokens)
    {
        var user = new FakeAuthyUser(authyId);
        user.ValidTokens.UnionWith(validTokens);
        lock (gate)
        {
            if (!users.TryAdd(authyId, user))
            {
                throw new ArgumentException($"Authy ID {authyId} is already registered", nameof(authyId));
            }
        }

        return user;
    }

    /// <summary>Returns a port of 127.0.0.1 that nothing listens on, for connection-refused tests.</summary>
    /// <remarks>
    /// NOTE: the port is free when this returns, but another process could bind it before the test connects.
    /// </remarks>
    public static int FindClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Stops listening and closes every connection, including those of hung requests.</summary>
    public void Dispose()
    {
        TcpClient[] open;
        Task[] running;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            open = connections.ToArray();
            running = [acceptLoop, .. handlers];
        }

        stopping.Cancel();
        listener.Stop();
        foreach (TcpClient connection in open)
        {
            connection.Dispose();
        }

        // Handlers catch the errors of closed sockets, so an exception here is a bug in the fake.
        Task.WaitAll(running, DisposeWait);
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

            Task handler = Task.Run(() => ServeAsync(connection));
            lock (gate)
            {
                handlers.Add(handler);
            }
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        try
        {
            await using Stream stream = await OpenStreamAsync(connection);
            FakeResponse? response;
            try
            {
                RecordedRequest? request = await Http11Message.ReadRequestAsync(stream, stopping.Token);
                if (request is null)
                {
                    return;
                }

                response = Respond(request, out FakeApiFault appliedFault);
                if (appliedFault == FakeApiFault.Hang)
                {
                    await Task.Delay(Timeout.Infinite, stopping.Token);
                    return;
                }

                if (appliedFault == FakeApiFault.TruncatedBody)
                {
                    await Http11Message.WriteTruncatedResponseAsync(
                        stream, response!, announcedLength: 1024, stopping.Token);
                    return;
                }
            }
            catch (InvalidDataException e)
            {
                response = Error(400, e.Message, errorCode: null);
            }

            await Http11Message.WriteResponseAsync(stream, response!, stopping.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException
            or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, rejected the certificate, or the fake is being disposed.
        }
        finally
        {
            connection.Dispose();
            lock (gate)
            {
                connections.Remove(connection);
            }
        }
    }

    private async Task<Stream> OpenStreamAsync(TcpClient connection)
    {
        Stream stream = connection.GetStream();
        if (certificate is null)
        {
            return stream;
        }

        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token);
        return tls;
    }

    /// <summary>
    /// Records the request and builds its response. With <see cref="FakeApiFault.Hang"/> the response is null,
    /// and with <see cref="FakeApiFault.TruncatedBody"/> it is the response to cut short.
    /// </summary>
    private FakeResponse? Respond(RecordedRequest request, out FakeApiFault appliedFault)
    {
        lock (gate)
        {
            requests.Add(request);
            appliedFault = fault;
            switch (fault)
            {
                case FakeApiFault.Hang:
                    return null;
                case FakeApiFault.RateLimited:
                    return Error(429, "Too many requests", errorCode: null);
                case FakeApiFault.ServiceUnavailable:
                    return new FakeResponse(503, HtmlType, OutageHtml);
                case FakeApiFault.NotJson:
                    return new FakeResponse(200, HtmlType, PortalHtml);
            }

            if (fixedResponse is not null)
            {
                return fixedResponse;
            }

            (int status, JsonObject body) = Route(request);
            if (fault == FakeApiFault.SuccessAsString && body["success"] is JsonValue success)
            {
                body["success"] = success.GetValue<bool>() ? "true" : "false";
            }

            string contentType = fault == FakeApiFault.JsonAsHtml ? HtmlType : JsonType;
            return new FakeResponse(status, contentType, body.ToJsonString());
        }
    }

    private (int Status, JsonObject Body) Route(RecordedRequest request)
    {
        if (!request.Headers.TryGetValue("X-Authy-API-Key", out string? key) || key != ApiKey)
        {
            return ErrorBody(401, "Invalid API key", "60001");
        }

        string[] segments = request.Path.Trim('/').Split('/');
        return (request.Method, segments) switch
        {
            ("GET", ["protected", "json", "app", "details"]) => AppDetails(),
            ("GET", ["protected", "json", "sms", string id]) => SendSms(id),
            ("GET", ["protected", "json", "verify", string token, string id]) =>
                Verify(Uri.UnescapeDataString(token), id),
            ("POST", ["onetouch", "json", "users", string id, "approval_requests"]) =>
                CreateApproval(id, request.Form),
            ("GET", ["onetouch", "json", "approval_requests", string uuid]) => ReadApproval(uuid),
            _ => ErrorBody(404, $"No route for {request.Method} {request.Path}", errorCode: null),
        };
    }

    private static (int, JsonObject) AppDetails() => (200, new JsonObject
    {
        ["app"] = new JsonObject
        {
            ["name"] = "pam_authy tests",
            ["app_id"] = 1,
            ["sms_enabled"] = true,
            ["onetouch_enabled"] = true,
        },
        ["message"] = "Application information.",
        ["success"] = true,
    });

    private (int, JsonObject) SendSms(string authyId)
    {
        if (FindUser(authyId) is null)
        {
            return UserNotFound();
        }

        return (200, new JsonObject
        {
            ["success"] = true,
            ["message"] = "SMS token was sent",
            ["cellphone"] = "+1-XXX-XXX-XX00",
        });
    }

    private (int, JsonObject) Verify(string token, string authyId)
    {
        FakeAuthyUser? user = FindUser(authyId);
        if (user is null)
        {
            return UserNotFound();
        }

        if (!user.ValidTokens.Contains(token))
        {
            (int status, JsonObject body) = ErrorBody(401, "Token is invalid", "60020");
            body["token"] = "is invalid";
            return (status, body);
        }

        return (200, new JsonObject
        {
            ["message"] = "Token is valid.",
            ["token"] = "is valid",
            ["success"] = true,
        });
    }

    private (int, JsonObject) CreateApproval(string authyId, IReadOnlyDictionary<string, string> form)
    {
        FakeAuthyUser? user = FindUser(authyId);
        if (user is null)
        {
            return UserNotFound();
        }

        if (!form.TryGetValue("message", out string? message) || message.Length == 0)
        {
            return ErrorBody(400, "message is required", errorCode: null);
        }

        string uuid = Guid.NewGuid().ToString("D");
        approvals[uuid] = new ApprovalState(user.PushOutcome, user.PendingPolls);
        return (200, new JsonObject
        {
            ["approval_request"] = new JsonObject { ["uuid"] = uuid },
            ["success"] = true,
        });
    }

    private (int, JsonObject) ReadApproval(string uuid)
    {
        if (!approvals.TryGetValue(uuid, out ApprovalState? state))
        {
            return ErrorBody(404, "Approval request not found", errorCode: null);
        }

        string status;
        if (state.Outcome == FakePushOutcome.Pending || state.PendingPollsLeft > 0)
        {
            state.PendingPollsLeft--;
            status = "pending";
        }
        else
        {
            status = state.Outcome.ToString().ToLowerInvariant();
        }

        return (200, new JsonObject
        {
            ["approval_request"] = new JsonObject { ["status"] = status, ["uuid"] = uuid },
            ["success"] = true,
        });
    }

    private FakeAuthyUser? FindUser(string authyId) =>
        long.TryParse(authyId, out long id) && users.TryGetValue(id, out FakeAuthyUser? user) ? user : null;

    private static (int, JsonObject) UserNotFound() => ErrorBody(404, "User not found.", "60026");

    private static (int Status, JsonObject Body) ErrorBody(int status, string message, string? errorCode)
    {
        var body = new JsonObject
        {
            ["message"] = message,
            ["success"] = false,
            ["errors"] = new JsonObject { ["message"] = message },
        };
        if (errorCode is not null)
        {
            body["error_code"] = errorCode;
        }

        return (status, body);
    }

    private static FakeResponse Error(int status, string message, string? errorCode)
    {
        (_, JsonObject body) = ErrorBody(status, message, errorCode);
        return new FakeResponse(status, JsonType, body.ToJsonString());
    }

    /// <summary>The outcome of one approval request and the number of pending status reads left before it.</summary>
    private sealed class ApprovalState(FakePushOutcome outcome, int pendingPolls)
    {
        public FakePushOutcome Outcome { get; } = outcome;

        public int PendingPollsLeft { get; set; } = pendingPolls;
    }
}

/// <summary>A fault that <see cref="FakeAuthyApi"/> applies to every request while it is set.</summary>
public enum FakeApiFault
{
    /// <summary>Normal answers.</summary>
    None,

    /// <summary>429 with a JSON error body, before the API key check.</summary>
    RateLimited,

    /// <summary>503 with an HTML body, as from a load balancer in front of the API.</summary>
    ServiceUnavailable,

    /// <summary>200 with an HTML page in place of JSON, as from a captive portal.</summary>
    NotJson,

    /// <summary>The normal JSON response, labelled <c>text/html</c>.</summary>
    JsonAsHtml,

    /// <summary>The normal response with <c>"success"</c> as the string <c>"true"</c> or <c>"false"</c>.</summary>
    SuccessAsString,

    /// <summary>Reads and records the request, then sends nothing until the fake is disposed.</summary>
    Hang,

    /// <summary>
    /// The head of the normal response with a Content-Length of 1024, then half the body, then the connection closes.
    /// </summary>
    TruncatedBody,
}

/// <summary>The final status of an approval request created for a <see cref="FakeAuthyUser"/>.</summary>
public enum FakePushOutcome
{
    Approved,
    Denied,
    Expired,

    /// <summary>Stays pending for every status read.</summary>
    Pending,
}

/// <summary>An Authy user of <see cref="FakeAuthyApi"/>, created by <see cref="FakeAuthyApi.AddUser"/>.</summary>
public sealed class FakeAuthyUser
{
    internal FakeAuthyUser(long authyId)
    {
        AuthyId = authyId;
    }

    public long AuthyId { get; }

    /// <summary>Tokens that the verify endpoint accepts for this user: SMS codes, app tokens or any string.</summary>
    public ISet<string> ValidTokens { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Final status of approval requests created from now on, Approved by default.</summary>
    public FakePushOutcome PushOutcome { get; set; } = FakePushOutcome.Approved;

    /// <summary>
    /// Number of status reads that return pending before <see cref="PushOutcome"/>, for approval requests created
    /// from now on, 0 by default.
    /// </summary>
    public int PendingPolls { get; set; }
}

/// <summary>A canned response for <see cref="FakeAuthyApi.FixedResponse"/>.</summary>
public sealed record FakeResponse(int Status, string ContentType, string Body)
{
    public static FakeResponse Json(int status, string json) => new(status, "application/json; charset=utf-8", json);
}

/// <summary>A request as <see cref="FakeAuthyApi"/> received it.</summary>
/// <param name="Method">HTTP method, for example GET.</param>
/// <param name="Path">Path as sent, still percent-encoded, without the query.</param>
/// <param name="Query">Decoded query parameters.</param>
/// <param name="Form">Decoded fields of an application/x-www-form-urlencoded body, or empty for other bodies.</param>
/// <param name="Headers">Header values by case-insensitive name, with repeated headers joined by ", ".</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyDictionary<string, string> Headers);

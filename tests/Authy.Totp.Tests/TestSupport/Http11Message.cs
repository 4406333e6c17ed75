using System.Globalization;
using System.Text;

namespace Authy.Totp.Tests.TestSupport;

/// <summary>
/// Reads one HTTP/1.1 request from a connection and writes one response, enough for <see cref="FakeAuthyApi"/>.
/// </summary>
/// <remarks>
/// Request bodies are read by Content-Length only. HttpClient sends form content with a length, and a chunked
/// request raises <see cref="InvalidDataException"/> so that the fake responds with 400 and the reason.
/// </remarks>
internal static class Http11Message
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 64 * 1024;
    private const string FormContentType = "application/x-www-form-urlencoded";

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Reads one request. Returns null when the client closes the connection before the request is complete,
    /// and raises <see cref="InvalidDataException"/> for a request that is malformed or too large.
    /// </summary>
    public static async Task<RecordedRequest?> ReadRequestAsync(Stream stream, CancellationToken cancellation)
    {
        byte[] buffer = new byte[MaxHeaderBytes + MaxBodyBytes];
        int length = 0;
        int headerLength;
        while ((headerLength = buffer.AsSpan(0, length).IndexOf(HeaderEnd)) < 0)
        {
            if (length == MaxHeaderBytes)
            {
                throw new InvalidDataException($"request header is longer than {MaxHeaderBytes} bytes");
            }

            int read = await stream.ReadAsync(buffer.AsMemory(length, MaxHeaderBytes - length), cancellation);
            if (read == 0)
            {
                return null;
            }

            length += read;
        }

        string[] lines = Encoding.Latin1.GetString(buffer, 0, headerLength).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"invalid request line '{lines[0]}'");
        }

        Dictionary<string, string> headers = ParseHeaders(lines.AsSpan(1));
        int bodyStart = headerLength + HeaderEnd.Length;
        int bodyLength = BodyLength(headers);
        while (length < bodyStart + bodyLength)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length, bodyStart + bodyLength - length), cancellation);
            if (read == 0)
            {
                return null;
            }

            length += read;
        }

        string target = AbsolutePathOf(requestLine[1]);
        int queryStart = target.IndexOf('?');
        string path = queryStart < 0 ? target : target[..queryStart];
        string query = queryStart < 0 ? string.Empty : target[(queryStart + 1)..];
        bool isForm = headers.TryGetValue("Content-Type", out string? contentType)
            && contentType.StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase);
        string body = Encoding.UTF8.GetString(buffer, bodyStart, bodyLength);
        return new RecordedRequest(
            requestLine[0],
            path,
            ParseUrlEncoded(query),
            isForm ? ParseUrlEncoded(body) : new Dictionary<string, string>(),
            headers);
    }

    /// <summary>Writes a complete response and announces that the server closes the connection after it.</summary>
    public static async Task WriteResponseAsync(Stream stream, FakeResponse response, CancellationToken cancellation)
    {
        byte[] body = Encoding.UTF8.GetBytes(response.Body);
        string head =
            $"HTTP/1.1 {response.Status} {ReasonPhrase(response.Status)}\r\n" +
            $"Content-Type: {response.ContentType}\r\n" +
            $"Content-Length: {body.Length}\r\n" +
            "Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellation);
        await stream.WriteAsync(body, cancellation);
        await stream.FlushAsync(cancellation);
    }

    /// <summary>
    /// Writes the head of a response that announces <paramref name="announcedLength"/> body bytes, then only
    /// half of the body, so that the client sees the connection end in the middle of the body.
    /// </summary>
    public static async Task WriteTruncatedResponseAsync(
        Stream stream, FakeResponse response, int announcedLength, CancellationToken cancellation)
    {
        byte[] body = Encoding.UTF8.GetBytes(response.Body);
        string head =
            $"HTTP/1.1 {response.Status} {ReasonPhrase(response.Status)}\r\n" +
            $"Content-Type: {response.ContentType}\r\n" +
            $"Content-Length: {announcedLength}\r\n" +
            "Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellation);
        await stream.WriteAsync(body.AsMemory(0, Math.Min(body.Length, announcedLength) / 2), cancellation);
        await stream.FlushAsync(cancellation);
    }

    /// <summary>
    /// Returns the path and query of a request target. A client sends the whole URL (absolute form) when it talks
    /// to an HTTP proxy, and the host of that URL is also in the Host header.
    /// </summary>
    private static string AbsolutePathOf(string target)
    {
        if (target.StartsWith('/'))
        {
            return target;
        }

        if (!Uri.TryCreate(target, UriKind.Absolute, out Uri? uri))
        {
            throw new InvalidDataException($"invalid request target '{target}'");
        }

        return uri.PathAndQuery;
    }

    private static Dictionary<string, string> ParseHeaders(ReadOnlySpan<string> lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines)
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"invalid header line '{line}'");
            }

            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out string? earlier) ? $"{earlier}, {value}" : value;
        }

        return headers;
    }

    private static int BodyLength(Dictionary<string, string> headers)
    {
        if (headers.ContainsKey("Transfer-Encoding"))
        {
            throw new InvalidDataException("the fake server reads request bodies by Content-Length only, not chunked");
        }

        if (!headers.TryGetValue("Content-Length", out string? text))
        {
            return 0;
        }

        bool isNumber = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int length);
        if (!isNumber || length > MaxBodyBytes)
        {
            throw new InvalidDataException($"invalid Content-Length '{text}', expected a number up to {MaxBodyBytes}");
        }

        return length;
    }

    /// <summary>
    /// Decodes <c>name=value&amp;...</c> as in a query or a form body. A repeated name raises, because a test
    /// reading one value would miss the other.
    /// </summary>
    private static Dictionary<string, string> ParseUrlEncoded(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string name = Decode(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (!fields.TryAdd(name, value))
            {
                throw new InvalidDataException($"field '{name}' is repeated");
            }
        }

        return fields;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
}

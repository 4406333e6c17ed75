using System.Buffers.Binary;
using System.Text;
using Authy.Totp.Logging;

namespace Authy.Pam;

/// <summary>
/// The helper's end of the socket to <c>pam_authy.so</c>: standard input and output.
/// </summary>
internal sealed class ModuleChannel : ILogSink
{
    private readonly Stream input;
    private readonly Stream output;

    public ModuleChannel(Stream input, Stream output)
    {
        this.input = input;
        this.output = output;
    }

    /// <summary>Reads one frame, or returns null at end of stream or on a malformed frame.</summary>
    public (byte Type, byte[] Payload)? Receive()
    {
        Span<byte> header = stackalloc byte[HelperProtocol.HeaderLength];
        if (!ReadExactly(header))
        {
            return null;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        if (length is < 0 or > HelperProtocol.MaxPayload)
        {
            return null;
        }

        byte[] payload = new byte[length];
        return ReadExactly(payload) ? (header[0], payload) : null;
    }

    public void Send(byte type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HelperProtocol.HeaderLength];
        header[0] = type;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        output.Write(header);
        output.Write(payload);
        output.Flush();
    }

    public void SendText(byte type, string text) => Send(type, Encoding.UTF8.GetBytes(text));

    public void SendResult(PamResult result)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(payload, (int)result);
        Send(HelperProtocol.Result, payload);
    }

    /// <summary>Sends a log line for the module to pass to pam_syslog.</summary>
    public void Log(LogPriority priority, string message)
    {
        byte[] text = Encoding.UTF8.GetBytes(message);
        byte[] payload = new byte[text.Length + 1];
        payload[0] = (byte)priority;
        text.CopyTo(payload, 1);
        Send(HelperProtocol.Log, payload);
    }

    private bool ReadExactly(Span<byte> buffer)
    {
        try
        {
            input.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}

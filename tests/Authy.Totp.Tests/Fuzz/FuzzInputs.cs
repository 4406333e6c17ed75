using System.Text;

namespace Authy.Totp.Tests.Fuzz;

/// <summary>
/// Seeded generators of hostile inputs: empty, maximum-size and random byte strings, NUL bytes, invalid
/// UTF-8, control characters, non-ASCII digits, and small mutations of valid values. The same seed gives
/// the same cases, so a failure can be replayed.
/// </summary>
public sealed class FuzzInputs
{
    /// <summary>Byte sequences that are not valid UTF-8: stray continuation bytes, truncated and overlong forms, surrogates.</summary>
    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xBF], [0xC0, 0xAF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xE0, 0x80, 0xB1],
    ];

    /// <summary>Text that some parser might take for digits, spaces or keywords.</summary>
    private static readonly string[] TrickyText =
    [
        "\u0661\u0662\u0663", "\uFF11\uFF12\uFF13", "\u00A0", "\u2007", "\u200B", "\uFEFF", "\u202E", "push", "PUSH",
        "sms", "SmS", "pu\0sh", "-", " ", "--", "\t", "\r\n", "%s%n", "'; DROP TABLE users; --", "\u00B9\u00B2",
    ];

    private readonly Random random;

    public FuzzInputs(int seed)
    {
        random = new Random(seed);
    }

    public Random Random => random;

    /// <summary>An answer as the user's terminal could send it, as raw bytes.</summary>
    public byte[] Answer(int maxLength)
    {
        return random.Next(12) switch
        {
            0 => [],
            1 => RandomBytes(random.Next(maxLength + 1)),
            2 => RandomBytes(maxLength),
            3 => Mutate(Encoding.ASCII.GetBytes(Digits(6)), maxLength),
            4 => Mutate(Encoding.ASCII.GetBytes(Digits(random.Next(1, 12))), maxLength),
            5 => Encoding.UTF8.GetBytes(GroupedDigits()),
            6 => Mutate(Encoding.UTF8.GetBytes(TrickyText[random.Next(TrickyText.Length)]), maxLength),
            7 => Concatenate(Encoding.ASCII.GetBytes(Digits(3)), [0], Encoding.ASCII.GetBytes(Digits(3))),
            8 => Concatenate(Encoding.ASCII.GetBytes(Digits(6)), InvalidUtf8[random.Next(InvalidUtf8.Length)]),
            9 => ControlCharacters(random.Next(1, 40)),
            10 => Concatenate(InvalidUtf8[random.Next(InvalidUtf8.Length)], Encoding.ASCII.GetBytes(Digits(6))),
            _ => Mutate(RandomBytes(random.Next(1, 16)), maxLength),
        };
    }

    /// <summary>Applies one to four random edits: flip, insert, delete, duplicate, or splice invalid UTF-8.</summary>
    public byte[] Mutate(byte[] input, int maxLength)
    {
        var bytes = new List<byte>(input);
        int edits = random.Next(1, 5);
        for (int i = 0; i < edits; i++)
        {
            int position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(position, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(position);
                    break;
                case 3 when bytes.Count > 0:
                    bytes.InsertRange(position, bytes.GetRange(position, Math.Min(bytes.Count - position, random.Next(1, 8))));
                    break;
                case 4:
                    bytes.InsertRange(position, InvalidUtf8[random.Next(InvalidUtf8.Length)]);
                    break;
                default:
                    bytes.Insert(position, (byte)random.Next(32));
                    break;
            }
        }

        return bytes.Take(maxLength).ToArray();
    }

    public byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public string Digits(int count)
    {
        var text = new StringBuilder(count);
        for (int i = 0; i < count; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }

        return text.ToString();
    }

    /// <summary>A text value for a config setting or a request field: numbers, paths, URLs, junk.</summary>
    public string Value()
    {
        return random.Next(10) switch
        {
            0 => string.Empty,
            1 => random.Next(-5, 1000).ToString(),
            2 => ((long)random.Next() * random.Next(-3, 3)).ToString() + Digits(random.Next(0, 12)),
            3 => "/" + Encoding.Latin1.GetString(RandomBytes(random.Next(0, 30))),
            4 => (random.Next(2) == 0 ? "https://" : "ftp://") + Encoding.UTF8.GetString(RandomBytes(random.Next(0, 20))),
            5 => TrickyText[random.Next(TrickyText.Length)],
            6 => new string('9', random.Next(1, 400)),
            7 => random.Next(2) == 0 ? "secure" : "Push",
            8 => Encoding.UTF8.GetString(ControlCharacters(random.Next(1, 10))),
            _ => Encoding.UTF8.GetString(RandomBytes(random.Next(0, 64))),
        };
    }

    private string GroupedDigits()
    {
        string code = Digits(6);
        string[] separators = [" ", "-", "  ", " - ", "\t", "\u00A0"];
        string separator = separators[random.Next(separators.Length)];
        return $"{separator}{code[..3]}{separator}{code[3..]}{separator}";
    }

    private byte[] ControlCharacters(int count)
    {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++)
        {
            bytes[i] = random.Next(8) == 0 ? (byte)0x7F : (byte)random.Next(32);
        }

        return bytes;
    }

    private static byte[] Concatenate(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
}

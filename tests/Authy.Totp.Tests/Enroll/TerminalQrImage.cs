using System.Text;

namespace Authy.Totp.Tests.Enroll;

/// <summary>
/// Turns the half-block text of a terminal QR code back into pixels: each character is two module rows,
/// '▀' the upper dark, '▄' the lower dark, '█' both and a space neither.
/// </summary>
internal static class TerminalQrImage
{
    private const char UpperHalf = '\u2580';
    private const char LowerHalf = '\u2584';
    private const char FullBlock = '\u2588';

    private const int PixelsPerModule = 8;
    private const int MarginModules = 4;

    public static bool IsQrLine(string line) =>
        line.Length > 0 && line.Any(c => c is UpperHalf or LowerHalf or FullBlock) &&
        line.All(c => c is UpperHalf or LowerHalf or FullBlock or ' ');

    /// <summary>Writes the lines as a binary PGM image with a white margin, scaled for zbarimg.</summary>
    public static void Write(string path, IReadOnlyList<string> lines)
    {
        bool[][] modules = ToModules(lines);
        int columns = modules[0].Length + (2 * MarginModules);
        int rows = modules.Length + (2 * MarginModules);
        int width = columns * PixelsPerModule;
        int height = rows * PixelsPerModule;

        byte[] pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        for (int row = 0; row < modules.Length; row++)
        {
            for (int column = 0; column < modules[row].Length; column++)
            {
                if (modules[row][column])
                {
                    FillModule(pixels, width, row + MarginModules, column + MarginModules);
                }
            }
        }

        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n"));
        file.Write(pixels);
    }

    private static bool[][] ToModules(IReadOnlyList<string> lines)
    {
        int width = lines.Max(line => line.Length);
        var modules = new List<bool[]>();
        foreach (string line in lines)
        {
            string padded = line.PadRight(width);
            modules.Add(padded.Select(c => c is UpperHalf or FullBlock).ToArray());
            modules.Add(padded.Select(c => c is LowerHalf or FullBlock).ToArray());
        }

        return modules.ToArray();
    }

    private static void FillModule(byte[] pixels, int width, int row, int column)
    {
        for (int y = row * PixelsPerModule; y < (row + 1) * PixelsPerModule; y++)
        {
            Array.Fill(pixels, (byte)0, (y * width) + (column * PixelsPerModule), PixelsPerModule);
        }
    }
}

using QRCoder;

namespace Authy.Enroll.Qr;

/// <summary>
/// Draws a QR code as text with Unicode half blocks, so that one character cell holds two modules
/// stacked vertically and the code stays square in a terminal.
/// </summary>
/// <remarks>
/// A glyph stands for dark modules and a space for light ones, and the quiet zone of the
/// <see cref="QRCodeData"/> is kept. On a terminal each line is wrapped in ANSI black-on-white, so the
/// code scans on dark color themes too. Plain output suits light backgrounds and files.
/// </remarks>
internal static class TerminalQrCode
{
    public const char UpperHalf = '\u2580';
    public const char LowerHalf = '\u2584';
    public const char FullBlock = '\u2588';

    private const string BlackOnWhite = "\u001b[30;47m";
    private const string ResetColors = "\u001b[0m";

    /// <summary>Renders one line per two module rows. An odd last row gets a light row below it.</summary>
    public static IReadOnlyList<string> Render(QRCodeData data)
    {
        var matrix = data.ModuleMatrix;
        int size = matrix.Count;
        var lines = new List<string>((size + 1) / 2);
        for (int row = 0; row < size; row += 2)
        {
            var line = new char[size];
            for (int column = 0; column < size; column++)
            {
                bool top = matrix[row][column];
                bool bottom = row + 1 < size && matrix[row + 1][column];
                line[column] = Cell(top, bottom);
            }

            lines.Add(new string(line));
        }

        return lines;
    }

    public static void Write(TextWriter output, QRCodeData data, bool colored)
    {
        foreach (string line in Render(data))
        {
            output.WriteLine(colored ? BlackOnWhite + line + ResetColors : line);
        }
    }

    private static char Cell(bool top, bool bottom) => (top, bottom) switch
    {
        (true, true) => FullBlock,
        (true, false) => UpperHalf,
        (false, true) => LowerHalf,
        _ => ' ',
    };
}

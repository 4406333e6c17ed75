using System.Text;
using Authy.Enroll.Cli;
using QRCoder;

namespace Authy.Enroll.Qr;

/// <summary>Encodes the otpauth URI as a QR code and writes it as PNG or SVG files.</summary>
internal static class QrImages
{
    /// <summary>Pixels per module side in the PNG and SVG files.</summary>
    private const int PixelsPerModule = 10;

    /// <summary>Encodes <paramref name="text"/> with error correction level M (about 15% recoverable).</summary>
    public static QRCodeData Encode(string text) => QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);

    /// <summary>Writes a black-and-white PNG with mode 0600.</summary>
    public static void WritePng(string path, QRCodeData data)
    {
        byte[] png = new PngByteQRCode(data).GetGraphic(PixelsPerModule);
        PrivateFile.Write(path, png, "--png");
    }

    /// <summary>Writes an SVG document with mode 0600.</summary>
    public static void WriteSvg(string path, QRCodeData data)
    {
        string svg = new SvgQRCode(data).GetGraphic(PixelsPerModule);
        PrivateFile.Write(path, Encoding.UTF8.GetBytes(svg), "--svg");
    }
}

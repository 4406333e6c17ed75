namespace Authy.Totp.Tests.Enroll;

/// <summary>Reads QR codes with zbarimg (Debian package zbar-tools), a decoder independent of QRCoder.</summary>
internal static class ZbarImage
{
    /// <summary>Returns the text of the one QR code in <paramref name="imagePath"/>.</summary>
    public static string Decode(string imagePath)
    {
        CliResult result = CliProcess.RunProgram("zbarimg", ["--raw", "-q", imagePath]);
        Assert.True(result.ExitCode == 0, $"zbarimg found no code in {imagePath}: {result}");
        return result.Output.TrimEnd('\n');
    }
}

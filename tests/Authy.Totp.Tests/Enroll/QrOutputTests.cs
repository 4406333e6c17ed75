using System.Xml.Linq;

namespace Authy.Totp.Tests.Enroll;

public sealed class QrOutputTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly EnrollSandbox sandbox = EnrollSandbox.CreateInitialized();

    [Fact]
    public void UriHasIssuerAndSecretOnly()
    {
        CliResult result = sandbox.EnrollWithoutConfirmation("alice");

        OtpAuthUriParts uri = OtpAuthUriParts.Parse(UriLine(result));
        Assert.Equal("totp", uri.Type);
        Assert.Equal($"{EnrollSandbox.Issuer}:alice@{Environment.MachineName}", uri.Label);
        Assert.Equal(["issuer", "secret"], uri.Query.Keys.Order());
        Assert.Equal(EnrollSandbox.Issuer, uri.Query["issuer"]);
        Assert.Matches("^[A-Z2-7]{32}$", uri.Secret);
        Assert.Equal(20, uri.SeedBytes.Length);
    }

    [Fact]
    public void RandomSeedsDiffer()
    {
        string first = OtpAuthUriParts.Parse(UriLine(sandbox.EnrollWithoutConfirmation("alice"))).Secret;
        string second = OtpAuthUriParts.Parse(UriLine(sandbox.EnrollWithoutConfirmation("bob"))).Secret;

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void PngDecodesToUri()
    {
        string png = sandbox.PathOf("alice.png");

        CliResult result = sandbox.EnrollWithoutConfirmation("alice", "--png", png);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(png));
        Assert.Equal(UriLine(result), ZbarImage.Decode(png));
    }

    [Fact]
    public void PngReplacesWiderFile()
    {
        string png = sandbox.PathOf("alice.png");
        File.WriteAllText(png, "old");
        File.SetUnixFileMode(png, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        CliResult result = sandbox.EnrollWithoutConfirmation("alice", "--png", png);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(png));
        Assert.Equal(UriLine(result), ZbarImage.Decode(png));
    }

    [Fact]
    public void PngInMissingDirectoryFails()
    {
        string png = sandbox.PathOf("missing/alice.png");

        CliResult result = sandbox.Run("enroll", "alice", "--no-confirm", "--png", png);

        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.ErrorLines);
        Assert.Contains($"--png file {png} could not be written", error);
        Assert.Empty(sandbox.ReadUsers());
        Assert.Empty(Directory.GetFiles(sandbox.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void SvgIsWellFormed()
    {
        string svg = sandbox.PathOf("alice.svg");

        sandbox.EnrollWithoutConfirmation("alice", "--svg", svg);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(svg));
        XDocument document = XDocument.Load(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.NotEmpty(document.Root.Descendants());
    }

    [Fact]
    public void TerminalQrDecodesToUri()
    {
        CliResult result = sandbox.EnrollWithoutConfirmation("alice");

        Assert.DoesNotContain('\u001b', result.Output);
        string image = sandbox.PathOf("terminal.pgm");
        TerminalQrImage.Write(image, QrLines(result.Output));
        Assert.Equal(UriLine(result), ZbarImage.Decode(image));
    }

    [Fact]
    public void TerminalQrIsSquare()
    {
        CliResult result = sandbox.EnrollWithoutConfirmation("alice");

        List<string> lines = QrLines(result.Output);
        int width = lines[0].Length;
        Assert.All(lines, line => Assert.Equal(width, line.Length));
        Assert.Equal((width + 1) / 2, lines.Count);
    }

    /// <summary>The block of lines made of half blocks and spaces, from the first glyph row to the last.</summary>
    private static List<string> QrLines(string output)
    {
        var lines = output.Split('\n').ToList();
        int first = lines.FindIndex(TerminalQrImage.IsQrLine);
        int last = lines.FindLastIndex(TerminalQrImage.IsQrLine);
        Assert.True(first >= 0, $"no QR code in the output:\n{output}");

        // Widen to the quiet-zone rows above and below, which are all spaces.
        while (first > 0 && IsBlankQrRow(lines[first - 1], lines[first].Length))
        {
            first--;
        }

        while (last < lines.Count - 1 && IsBlankQrRow(lines[last + 1], lines[last].Length))
        {
            last++;
        }

        return lines.GetRange(first, last - first + 1);
    }

    private static bool IsBlankQrRow(string line, int width) => line.Length == width && line.All(c => c == ' ');

    private static string UriLine(CliResult result) =>
        result.Output.Split('\n').Single(line => line.StartsWith("otpauth://", StringComparison.Ordinal));

    public void Dispose() => sandbox.Dispose();
}

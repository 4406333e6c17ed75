using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Contrib;

/// <summary>The man pages in contrib/man, rendered by groff (Debian package groff-base) and installed by install.sh.</summary>
public sealed class ManPageTests
{
    [Theory]
    [InlineData("pam_authy.8", "pam_authy - offline TOTP codes of the Authy app for PAM")]
    [InlineData("authy-enroll.1", "authy-enroll - enroll users for pam_authy and check the installation")]
    public void ManPage_RendersWithoutWarnings(string page, string nameLine)
    {
        string path = Path.Combine(Artifacts.RepositoryRoot, "contrib", "man", page);

        // -ww turns on every warning; groff prints them on standard error.
        var result = ProcessRunner.Run("groff", ["-man", "-Tutf8", "-ww", path]);

        Assert.True(result.ExitCode == 0, $"groff failed: {result.Error}");
        Assert.Equal("", result.Error);
        string text = StripOverstrike(result.Output);
        Assert.Contains(nameLine, text);
    }

    [Fact]
    public void Install_PutsManPagesInSections()
    {
        using var destination = new TempDirectory();
        string script = Path.Combine(Artifacts.RepositoryRoot, "install.sh");

        var result = ProcessRunner.Run(
            "env", [$"DESTDIR={destination.Path}", script, "--prebuilt", Artifacts.BinDirectory], timeoutSeconds: 300);

        Assert.True(result.ExitCode == 0, $"install.sh failed: {result.Error}");
        string section8 = destination.File("usr/share/man/man8/pam_authy.8");
        string section1 = destination.File("usr/share/man/man1/authy-enroll.1");
        Assert.True(File.Exists(section8), $"{section8} not installed");
        Assert.True(File.Exists(section1), $"{section1} not installed");
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(section8));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(section1));
    }

    /// <summary>Removes the backspace sequences that grotty uses for bold and underlined text, and SGR escapes.</summary>
    private static string StripOverstrike(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @".\x08|\x1b\[[0-9;]*m", "").Replace('\u2010', '-').Replace('\u2212', '-');
}

using Authy.Totp.Config;
using Authy.Totp.Tests.TestSupport;

namespace Authy.Totp.Tests.Core;

public sealed class AuthyConfigTests
{
    // Parse uses the path only in messages, so it need not exist.
    private const string ConfigPath = "/test/pam_authy.conf";

    [Fact]
    public void Parse_NoLines_ReturnsDefaults()
    {
        var config = AuthyConfig.Parse(ConfigPath, []);

        Assert.Equal("/var/lib/authy/secrets.db", config.DatabasePath);
        Assert.Equal("/etc/authy/master.key", config.KeyFilePath);
        Assert.Equal("pam_authy", config.Issuer);
        Assert.Equal(1, config.Window);
        Assert.Equal("/etc/authy/pam_authy.conf", AuthyConfig.DefaultPath);
    }

    [Fact]
    public void Parse_AllSettings_ReadsEach()
    {
        var config = AuthyConfig.Parse(ConfigPath, [
            "database = /srv/authy/users.db",
            "key_file = /srv/authy/host.key",
            "issuer = Example Corp",
            "window = 3",
        ]);

        Assert.Equal("/srv/authy/users.db", config.DatabasePath);
        Assert.Equal("/srv/authy/host.key", config.KeyFilePath);
        Assert.Equal("Example Corp", config.Issuer);
        Assert.Equal(3, config.Window);
    }

    [Fact]
    public void Parse_OneSetting_KeepsOtherDefaults()
    {
        var config = AuthyConfig.Parse(ConfigPath, ["window = 0"]);

        Assert.Equal(0, config.Window);
        Assert.Equal(new AuthyConfig { Window = 0 }, config);
    }

    [Theory]
    [InlineData("window=2", 2)]
    [InlineData("   window   =   2   ", 2)]
    [InlineData("\twindow\t=\t2\t", 2)]
    [InlineData("window = 0", 0)]
    [InlineData("window = 10", 10)]
    public void Parse_Window_IgnoresSurroundingSpaces(string line, int expected)
    {
        Assert.Equal(expected, AuthyConfig.Parse(ConfigPath, [line]).Window);
    }

    [Theory]
    [InlineData("issuer = a=b", "a=b")]
    [InlineData("issuer = My Host #2", "My Host #2")]
    [InlineData("issuer = Zürich Büro", "Zürich Büro")]
    public void Parse_Issuer_KeepsInnerCharacters(string line, string expected)
    {
        Assert.Equal(expected, AuthyConfig.Parse(ConfigPath, [line]).Issuer);
    }

    [Fact]
    public void Parse_IssuerOf64Characters_Accepted()
    {
        string issuer = new('x', 64);

        Assert.Equal(issuer, AuthyConfig.Parse(ConfigPath, [$"issuer = {issuer}"]).Issuer);
    }

    [Fact]
    public void Parse_CommentsAndBlankLines_Skipped()
    {
        var config = AuthyConfig.Parse(ConfigPath, [
            "# pam_authy settings",
            "",
            "   ",
            "\t",
            "   # an indented comment",
            "#window = 7",
            "window = 2",
            "# window = 9",
        ]);

        Assert.Equal(2, config.Window);
        Assert.Equal(new AuthyConfig { Window = 2 }, config);
    }

    [Fact]
    public void Parse_ErrorAfterComments_CountsEveryLine()
    {
        string[] lines = ["# comment", "", "window = 1", "", "windw = 2"];

        var error = Assert.Throws<SetupException>(() => AuthyConfig.Parse(ConfigPath, lines));

        Assert.Contains($"{ConfigPath}:5:", error.Message);
    }

    /// <param name="lines">Configuration lines; the last one is invalid.</param>
    /// <param name="expectedValue">Text that the message must quote from the invalid line.</param>
    [Theory]
    [InlineData(new[] { "windw = 2" }, "'windw'")]
    [InlineData(new[] { "database = /a.db", "Database = /b.db" }, "'Database'")]
    [InlineData(new[] { "window = 1", "window = 2" }, "'window'")]
    [InlineData(new[] { "issuer = a", "# comment", "issuer = a" }, "'issuer'")]
    [InlineData(new[] { "window 2" }, "'window 2'")]
    [InlineData(new[] { "= 2" }, "'= 2'")]
    [InlineData(new[] { "database = secrets.db" }, "'secrets.db'")]
    [InlineData(new[] { "database = ./secrets.db" }, "'./secrets.db'")]
    [InlineData(new[] { "key_file = keys/master.key" }, "'keys/master.key'")]
    [InlineData(new[] { "key_file = ~/master.key" }, "'~/master.key'")]
    [InlineData(new[] { "key_file =" }, "key_file ''")]
    [InlineData(new[] { "window = -1" }, "'-1'")]
    [InlineData(new[] { "window = 11" }, "'11'")]
    [InlineData(new[] { "window = 1.5" }, "'1.5'")]
    [InlineData(new[] { "window = one" }, "'one'")]
    [InlineData(new[] { "window = 99999999999" }, "'99999999999'")]
    [InlineData(new[] { "window =" }, "window ''")]
    [InlineData(new[] { "issuer = Corp:VPN" }, "'Corp:VPN'")]
    [InlineData(new[] { "issuer =" }, "issuer ''")]
    [InlineData(new[] { "issuer = a\u0001b" }, "'a?b'")]
    public void Parse_InvalidLine_NamesFileLineAndValue(string[] lines, string expectedValue)
    {
        var error = Assert.Throws<SetupException>(() => AuthyConfig.Parse(ConfigPath, lines));

        Assert.Contains($"{ConfigPath}:{lines.Length}:", error.Message);
        Assert.Contains(expectedValue, error.Message);
    }

    [Fact]
    public void Parse_IssuerOf65Characters_Rejected()
    {
        string issuer = new('x', 65);

        var error = Assert.Throws<SetupException>(() => AuthyConfig.Parse(ConfigPath, [$"issuer = {issuer}"]));

        Assert.Contains($"{ConfigPath}:1:", error.Message);
        Assert.Contains($"'{issuer}'", error.Message);
    }

    [Fact]
    public void Load_ExistingFile_ParsesIt()
    {
        using var directory = new TempDirectory();
        string path = directory.File("pam_authy.conf");
        File.WriteAllText(path, "# test\nwindow = 4\nissuer = Lab\n");

        var config = AuthyConfig.Load(path);

        Assert.Equal(4, config.Window);
        Assert.Equal("Lab", config.Issuer);
    }

    [Fact]
    public void Load_InvalidFile_NamesFileAndLine()
    {
        using var directory = new TempDirectory();
        string path = directory.File("pam_authy.conf");
        File.WriteAllText(path, "window = 1\nwindow = 12\n");

        var error = Assert.Throws<SetupException>(() => AuthyConfig.Load(path));

        Assert.Contains($"{path}:2:", error.Message);
    }

    [Theory]
    [InlineData("missing.conf")]
    [InlineData("missing-directory/pam_authy.conf")]
    public void Load_MissingFile_NamesPath(string relativePath)
    {
        using var directory = new TempDirectory();
        string path = directory.File(relativePath);

        var error = Assert.Throws<SetupException>(() => AuthyConfig.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not found", error.Message);
    }
}

namespace Authy.Totp.Tests.TestSupport;

/// <summary>Codes from oathtool (Debian's oathtool package), an implementation independent of ours.</summary>
public static class Oathtool
{
    /// <summary>Returns the 6-digit TOTP code of a base32 seed, at <paramref name="time"/> or now.</summary>
    public static string Totp(string base32Seed, DateTimeOffset? time = null)
    {
        var arguments = new List<string> { "--totp", "-b", base32Seed };
        if (time is not null)
        {
            arguments.Add("-N");
            arguments.Add($"@{time.Value.ToUnixTimeSeconds()}");
        }

        var result = ProcessRunner.Run("oathtool", arguments);
        Assert.True(result.ExitCode == 0, $"oathtool failed: {result.Error}");
        return result.Output.Trim();
    }
}

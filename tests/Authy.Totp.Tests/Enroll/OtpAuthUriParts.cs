using OtpNet;

namespace Authy.Totp.Tests.Enroll;

/// <summary>The parts of an otpauth URI that the tests check, parsed independently of the code under test.</summary>
internal sealed record OtpAuthUriParts(string Type, string Label, IReadOnlyDictionary<string, string> Query)
{
    public string Secret => Query["secret"];

    public byte[] SeedBytes => Base32Encoding.ToBytes(Secret);

    public static OtpAuthUriParts Parse(string text)
    {
        var uri = new Uri(text);
        Assert.Equal("otpauth", uri.Scheme);
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair[1]));
        string label = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new OtpAuthUriParts(uri.Host, label, query);
    }
}

namespace Authy.Totp.Api;

/// <summary>The Authy API error codes that an administrator can act on, with the fix.</summary>
public static class AuthyErrorCodes
{
    public const string InvalidApiKey = "60001";
    public const string TokenInvalid = "60020";
    public const string UserNotFound = "60026";

    /// <summary>Returns a log text for an error code, falling back to the API's own message.</summary>
    public static string Describe(string? code, string? message) => code switch
    {
        InvalidApiKey => "error 60001: invalid API key; check the api_key_file with 'authy-enroll api-key test'",
        UserNotFound => "error 60026: Authy user not found; check the user's Authy ID with 'authy-enroll status'",
        TokenInvalid => "error 60020: token is invalid",
        null => message is null ? "no error code" : $"message '{Shorten(message)}'",
        _ => $"error {Shorten(code)}: {Shorten(message ?? "no message")}",
    };

    private static string Shorten(string text)
    {
        string line = new(text.Take(160).Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return line;
    }
}

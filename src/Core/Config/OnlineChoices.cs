namespace Authy.Totp.Config;

/// <summary>What an empty answer at the code prompt does.</summary>
public enum EmptyAnswer
{
    /// <summary>Ask for the code again.</summary>
    Prompt,

    /// <summary>Send a push approval request, when the user has an Authy ID.</summary>
    Push,
}

/// <summary>
/// Outcome for a user who has an Authy ID but no offline secret, when the Authy API cannot be reached.
/// </summary>
public enum FailMode
{
    /// <summary>Deny the login.</summary>
    Secure,

    /// <summary>
    /// Allow the login with a warning in the log. Anyone who can cut this server off from the API (a
    /// firewall rule, a DNS failure) then logs in as such users with the first factor alone.
    /// </summary>
    Safe,
}

namespace Authy.Totp;

/// <summary>
/// A broken installation: a missing or unreadable file, a malformed configuration, or a key that does
/// not match the database. The message names the file and the fix and never contains a secret.
/// </summary>
public sealed class SetupException : Exception
{
    public SetupException(string message)
        : base(message)
    {
    }

    public SetupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

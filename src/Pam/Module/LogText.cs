namespace Authy.Pam;

/// <summary>Makes text from outside safe for a single syslog line.</summary>
internal static class LogText
{
    public const int MaxLength = 512;

    /// <summary>Replaces control characters with '?' and truncates to <see cref="MaxLength"/>.</summary>
    public static string Sanitize(string text)
    {
        int length = Math.Min(text.Length, MaxLength);
        return string.Create(length, text, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = source[i];
                span[i] = char.IsControl(c) ? '?' : c;
            }
        });
    }
}

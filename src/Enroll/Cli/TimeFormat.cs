using System.Globalization;

namespace Authy.Enroll.Cli;

/// <summary>Formats times for output as ISO 8601 in UTC, for example 2025-01-31T08:00:00Z.</summary>
internal static class TimeFormat
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatOrNever(DateTimeOffset? time) => time is null ? "never" : Format(time.Value);
}

using System.Text;
using System.Text.Json;

namespace Authy.Enroll.Doctor;

/// <summary>Writes the doctor's results as text lines or as a JSON array.</summary>
internal static class DoctorReport
{
    public static string StatusName(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "OK",
        DoctorStatus.Warn => "WARN",
        DoctorStatus.Fail => "FAIL",
        _ => "SKIP",
    };

    /// <summary>Writes "STATUS check: message" per result, and an indented "fix:" line under each WARN and FAIL.</summary>
    public static void WriteText(TextWriter output, IReadOnlyList<DoctorResult> results)
    {
        foreach (DoctorResult result in results)
        {
            output.WriteLine($"{StatusName(result.Status),-4} {result.Check}: {result.Message}");
            if (result.Fix.Length > 0)
            {
                output.WriteLine($"     fix: {result.Fix}");
            }
        }

        int failures = results.Count(result => result.Status == DoctorStatus.Fail);
        int warnings = results.Count(result => result.Status == DoctorStatus.Warn);
        output.WriteLine($"{failures} failed, {warnings} warnings, {results.Count} checks");
    }

    /// <summary>Writes an array of {check, status, message, fix} objects; status is "ok", "warn", "fail" or "skip".</summary>
    public static void WriteJson(Stream output, IReadOnlyList<DoctorResult> results)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartArray();
        foreach (DoctorResult result in results)
        {
            writer.WriteStartObject();
            writer.WriteString("check", result.Check);
            writer.WriteString("status", StatusName(result.Status).ToLowerInvariant());
            writer.WriteString("message", result.Message);
            writer.WriteString("fix", result.Fix);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        output.Write(Encoding.UTF8.GetBytes("\n"));
    }
}

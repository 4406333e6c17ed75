using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authy.Totp.Api;

/// <summary>
/// The fields of Authy API responses that this client reads. One type covers every endpoint because
/// they share <c>success</c>, <c>message</c> and <c>error_code</c>.
/// </summary>
internal sealed class AuthyApiResponse
{
    [JsonPropertyName("success")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool Success { get; set; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Message { get; set; }

    [JsonPropertyName("token")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Token { get; set; }

    [JsonPropertyName("error_code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("approval_request")]
    public ApprovalRequestBody? ApprovalRequest { get; set; }
}

internal sealed class ApprovalRequestBody
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }
}

[JsonSerializable(typeof(AuthyApiResponse))]
[JsonSourceGenerationOptions(AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip)]
internal sealed partial class AuthyApiJsonContext : JsonSerializerContext;

/// <summary>Reads <c>true</c>, <c>"true"</c> and <c>"1"</c> as true; the API sends both forms.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String => reader.GetString() is "true" or "True" or "1",
            JsonTokenType.Number => reader.TryGetInt64(out long value) && value != 0,
            _ => false,
        };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) =>
        writer.WriteBooleanValue(value);
}

/// <summary>Reads strings and numbers as strings (<c>error_code</c> arrives as either), and anything else as null.</summary>
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out long number) ? number.ToString() : reader.GetDouble().ToString();
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}

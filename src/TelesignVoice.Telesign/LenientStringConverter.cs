using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelesignVoice.Telesign;

/// <summary>
/// Reads a string field that may arrive as a number. The field types of Telesign's events are known
/// only from demos (docs/telesign-protocol.md, Events): a <c>"collected_digits": 1</c> or <c>"to": 15558675309</c>
/// must still reach the flow as "1" and "15558675309" rather than fail the caller's call.
/// </summary>
public sealed class LenientStringConverter : JsonConverter<string?>
{
    /// <summary>True: a JSON null is read as a null string.</summary>
    public override bool HandleNull => true;

    /// <summary>A string, a number's digits as written, or <c>true</c>/<c>false</c> as text.</summary>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected a string or a number, found {reader.TokenType}."),
        };

    /// <summary>Writes the value as a JSON string, or null.</summary>
    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

using System.Text.Json.Nodes;

namespace TelesignVoice.Privacy;

/// <summary>
/// The raw event body as stored when the digits it carries are sensitive: <c>collected_digits</c> masked.
/// No keys pressed stays empty (nothing secret in it), and an entry the ask refused is masked as
/// <see cref="RefusedMask"/>, so the console can still tell where the call went without the digits.
/// </summary>
public static class EventRedaction
{
    public const string RefusedMask = "[sensitive, refused]";

    public static string WithoutDigits(ReadOnlySpan<byte> body, bool accepted)
    {
        // The body already parsed as an event, so it is a JSON object.
        var root = JsonNode.Parse(body)!.AsObject();
        if (root["data"] is JsonObject data && data["collected_digits"] is JsonValue digits
            && !(digits.TryGetValue<string>(out var typed) && typed.Length == 0))
        {
            data["collected_digits"] = accepted ? SensitiveValues.Mask : RefusedMask;
        }

        return root.ToJsonString();
    }
}

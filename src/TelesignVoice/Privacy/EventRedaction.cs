using System.Text.Json.Nodes;

namespace TelesignVoice.Privacy;

/// <summary>The raw event body as stored when the digits it carries are sensitive: <c>collected_digits</c> masked.</summary>
public static class EventRedaction
{
    public static string WithoutDigits(ReadOnlySpan<byte> body)
    {
        // The body already parsed as an event, so it is a JSON object.
        var root = JsonNode.Parse(body)!.AsObject();
        if (root["data"] is JsonObject data && data.ContainsKey("collected_digits"))
        {
            data["collected_digits"] = SensitiveValues.Mask;
        }

        return root.ToJsonString();
    }
}

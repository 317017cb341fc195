using System.Text.Json;

namespace TelesignVoice.Flows;

/// <summary>The <c>notify</c> step kind: an object of value name → text, which may hold {variables}.</summary>
public sealed partial class FlowFileReader
{
    private Dictionary<string, string>? ReadNotify(JsonElement step)
    {
        if (!step.TryGetProperty("notify", out var notify))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (notify.ValueKind != JsonValueKind.Object)
        {
            Problem("notify", "must be an object of name → text, e.g. { \"confirmed\": \"yes\", \"choice\": \"{digits}\" }");
            return values;
        }

        foreach (var property in notify.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                values[property.Name] = property.Value.GetString()!;
            }
            else
            {
                Problem($"notify.{property.Name}", "must be text (it may hold {variables}, e.g. \"{digits}\")");
            }
        }

        return values;
    }
}

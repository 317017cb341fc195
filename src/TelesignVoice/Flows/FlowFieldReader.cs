using System.Text.Json;

namespace TelesignVoice.Flows;

/// <summary>
/// Typed reads of one field each from a flow file, for <see cref="FlowFileReader"/>: a wrong type or an
/// unknown field is reported as a <see cref="FlowProblem"/> in the author's words (file, step, field), never thrown.
/// </summary>
internal sealed class FlowFieldReader(string source, List<FlowProblem> problems)
{
    /// <summary>The step being read, named in each problem (null at the flow's top level).</summary>
    public string? Step { get; set; }

    public string? String(JsonElement element, string name, string? parent) =>
        Get(element, name, parent, JsonValueKind.String, "text") is { } value ? value.GetString() : null;

    /// <summary>A say: text, or a map from language code to text (then the first text is returned and the map set).</summary>
    public string? SayText(JsonElement element, string? parent, out Dictionary<string, string>? byLanguage)
    {
        byLanguage = null;
        if (!element.TryGetProperty("say", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return String(element, "say", parent);
        }

        byLanguage = Map(element, "say", parent);
        return byLanguage.Count == 0 ? string.Empty : byLanguage.First().Value;
    }

    public bool? Bool(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Problem(name, "must be true or false");
        return null;
    }

    public int? Int(JsonElement element, string name, string? parent)
    {
        if (Get(element, name, parent, JsonValueKind.Number, "a whole number") is not { } value)
        {
            return null;
        }

        if (value.TryGetInt32(out var number))
        {
            return number;
        }

        Problem(Path(parent, name), "must be a whole number");
        return null;
    }

    public double? Number(JsonElement element, string name, string? parent) =>
        Get(element, name, parent, JsonValueKind.Number, "a number") is { } value ? value.GetDouble() : null;

    public List<string>? Urls(JsonElement element, string name, string? parent)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(e => e.GetString()!)];
        }

        Problem(Path(parent, name), "must be one audio URL or a list of audio URLs");
        return null;
    }

    public List<string> Strings(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(e => e.GetString()!)];
        }

        Problem(name, name == "languages" ? "must be a list of language codes, e.g. [\"en-US\", \"es-MX\"]" : "must be a list of variable names");
        return [];
    }

    public Dictionary<string, string> Map(JsonElement element, string name, string? parent)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var what = name == "say" ? "text or an object of language → text" : "an object of key → step";
        if (Get(element, name, parent, JsonValueKind.Object, what) is not { } value)
        {
            return map;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                map[property.Name] = property.Value.GetString()!;
            }
            else
            {
                Problem($"{Path(parent, name)}.{property.Name}", name == "say" ? "must be the text to speak in that language" : "must be the name of a step (text)");
            }
        }

        return map;
    }

    public JsonElement? Get(JsonElement element, string name, string? parent, JsonValueKind kind, string expected)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == kind)
        {
            return value;
        }

        Problem(Path(parent, name), $"must be {expected}");
        return null;
    }

    public bool IsObject(JsonElement element, string? field)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Problem(field, "must be an object ({ … })");
        return false;
    }

    public int MissingInt(string field, string message)
    {
        Problem(field, message);
        return 1;
    }

    /// <summary>Every field of <paramref name="element"/> not in <paramref name="known"/> is reported, with the fields expected.</summary>
    public void CheckFields(JsonElement element, string[] known, string? parent)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                Problem(Path(parent, property.Name), $"unknown field; expected one of: {string.Join(", ", known)}");
            }
        }
    }

    public void Problem(string? field, string message) => problems.Add(new FlowProblem(source, Step, field, message));

    public static string Path(string? parent, string name) => parent is null ? name : $"{parent}.{name}";
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace TelesignVoice.Observability;

/// <summary>
/// Names what is wrong with a JSON body, in the client's terms: the body itself when it is not JSON,
/// otherwise the field and the kind of value it takes. The serializer's own messages name .NET types
/// (<c>System.Collections.Generic.List`1[...]</c>), which mean nothing to a client and describe our
/// internals, so they are never passed on.
/// </summary>
internal static partial class JsonBodyProblems
{
    /// <summary>
    /// A body that is not well-formed (cut short, a stray character) is reported as <c>body</c>, with where the
    /// reader stopped: the path it had reached is only where the damage showed, not a field to fix. A
    /// well-formed value of the wrong type is reported under its field with the kind of value it takes
    /// (from <paramref name="expected"/> when the endpoint knows better), an unknown member as not a field.
    /// </summary>
    public static (string Field, string Message) Describe(JsonException exception, IReadOnlyDictionary<string, string>? expected = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? null : exception.Path.TrimStart('$', '.');
        var reason = exception.Message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim();
        // The serializer wraps the reader's own error (a JsonException too): that is a syntax error.
        if (exception.InnerException is JsonException || path is null)
        {
            var where = exception.LineNumber is { } line
                ? $" at line {line + 1}, byte {exception.BytePositionInLine + 1}{(path is null ? string.Empty : $" (inside {path})")}"
                : string.Empty;
            return ("body", $"The body is not well-formed JSON{where}: {reason}");
        }

        var field = path.Split('.', '[')[0];
        if (UnmappedMember().IsMatch(exception.Message))
        {
            var known = expected is null ? string.Empty : $"; known fields: {string.Join(", ", expected.Keys)}";
            return (path, $"{path} is not a field here{known}.");
        }

        var kind = expected is not null && expected.TryGetValue(path, out var exact) ? exact
            : expected is not null && path == field && expected.TryGetValue(field, out var top) ? top
            : KindOf(ConvertedTo().Match(exception.Message) is { Success: true } m ? m.Groups["type"].Value : string.Empty);
        return (path, $"{path} must be {kind}.");
    }

    /// <summary>The JSON kind a .NET target type takes, for a client who only sees JSON.</summary>
    private static string KindOf(string typeName) => typeName switch
    {
        _ when typeName.Contains("List`", StringComparison.Ordinal) || typeName.Contains("[]", StringComparison.Ordinal)
            || typeName.Contains("Enumerable`", StringComparison.Ordinal) || typeName.Contains("Collection`", StringComparison.Ordinal) => "a JSON array",
        _ when typeName.Contains("Dictionary`", StringComparison.Ordinal) => "a JSON object",
        _ when typeName.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ when typeName.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when typeName.Contains("System.Int", StringComparison.Ordinal) || typeName.Contains("System.UInt", StringComparison.Ordinal) => "a whole number",
        _ when typeName.Contains("System.Double", StringComparison.Ordinal) || typeName.Contains("System.Decimal", StringComparison.Ordinal)
            || typeName.Contains("System.Single", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("System.DateTimeOffset", StringComparison.Ordinal) || typeName.Contains("System.DateTime", StringComparison.Ordinal) => "an ISO 8601 date and time string",
        _ when typeName.Contains("System.TimeOnly", StringComparison.Ordinal) => "a time string such as \"09:00\"",
        "" => "a value of another type (see the docs)",
        _ => "a JSON object",
    };

    [GeneratedRegex(@"converted to (?<type>\S+?)\.?(\s|$)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("could not be mapped to any .NET member")]
    private static partial Regex UnmappedMember();
}

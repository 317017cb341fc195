using System.Text.Json;

namespace TelesignVoice.Campaigns;

/// <summary>Names what is wrong with a JSON body: the body itself when it is not JSON, otherwise the field.</summary>
internal static class JsonBodyProblems
{
    /// <summary>
    /// A body that is not well-formed (cut short, a stray character) is reported as <c>body</c>, with where the
    /// reader stopped: the path it had reached is only where the damage showed, not a field to fix. A
    /// well-formed value of the wrong type or an unknown member is reported under its field.
    /// </summary>
    public static (string Field, string Message) Describe(JsonException exception)
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

        return (path, $"Not valid here: {reason}");
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TelesignVoice.Flows.Testing;

/// <summary>A failed expectation, said as lines a person can read: expected lines with "-", actual ones with "+".</summary>
public static class FlowTestDiff
{
    /// <summary>Empty when the run met every expectation given.</summary>
    public static IReadOnlyList<string> Compare(FlowTestExpectation expect, FlowTestRun run)
    {
        ArgumentNullException.ThrowIfNull(expect);
        ArgumentNullException.ThrowIfNull(run);
        var lines = new List<string>(run.Notes);
        if (expect.Heard is { } heard)
        {
            lines.AddRange(Lists("heard", heard, run.Heard));
        }

        if (expect.Actions is { } actions)
        {
            lines.AddRange(Lists("actions", actions, run.Actions));
        }

        if (expect.FinalStep is { } step && step != run.FinalStep)
        {
            lines.Add($"final_step: expected '{step}', but the call ended at '{run.FinalStep ?? "(no step)"}'");
        }

        foreach (var (name, value) in expect.Variables ?? FlowTargets.NoRoutes)
        {
            if (!run.Variables.TryGetValue(name, out var actual))
            {
                lines.Add($"variables.{name}: expected \"{value}\", but the call has no such variable (it has: {Names(run.Variables)})");
            }
            else if (actual != value)
            {
                lines.Add($"variables.{name}: expected \"{value}\", but it is \"{actual}\"");
            }
        }

        if (expect.Notifications is { } notifications)
        {
            lines.AddRange(Notifications(notifications, run.Notifications));
        }

        return lines;
    }

    /// <summary>
    /// Each notification as one line, <c>flow.result {"step":…,"values":{…}}</c>; the actual one shows the
    /// fields its expected one gives (all but the call's ids when there is none), so the two read side by side.
    /// </summary>
    private static IEnumerable<string> Notifications(IReadOnlyList<FlowTestNotification> expected, IReadOnlyList<SentNotification> actual)
    {
        var expectedLines = expected.Select(e => $"{e.Type} {(e.Data is { } data ? Compact(data) : "{}")}").ToList();
        var actualLines = actual.Select((a, i) => $"{a.Type} {Shown(a.Data, i < expected.Count ? expected[i].Data : null)}").ToList();
        return Lists("notifications", expectedLines, actualLines, i => Matches(expected[i], actual[i]));
    }

    private static bool Matches(FlowTestNotification expected, SentNotification actual) =>
        expected.Type == actual.Type
        && (expected.Data is not { } data
            || data.EnumerateObject().All(field => actual.Data.TryGetProperty(field.Name, out var value) && JsonElement.DeepEquals(field.Value, value)));

    private static readonly string[] CallIds = ["reference_id", "external_id", "campaign_id"];

    private static string Shown(JsonElement data, JsonElement? expected)
    {
        var fields = expected is { ValueKind: JsonValueKind.Object } given
            ? given.EnumerateObject().Select(f => f.Name).ToList()
            : data.EnumerateObject().Select(f => f.Name).Where(name => !CallIds.Contains(name)).ToList();
        var shown = new JsonObject();
        foreach (var name in fields)
        {
            var like = expected is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var field) ? field : (JsonElement?)null;
            shown[name] = data.TryGetProperty(name, out var value) ? InOrderOf(value, like) : "(missing)";
        }

        return shown.ToJsonString(PlainJson);
    }

    /// <summary>An actual value with its object's fields in the expected one's order (then the others), so the lines differ only where the values do.</summary>
    private static JsonNode? InOrderOf(JsonElement value, JsonElement? expected)
    {
        if (value.ValueKind != JsonValueKind.Object || expected is not { ValueKind: JsonValueKind.Object } like)
        {
            return JsonNode.Parse(value.GetRawText());
        }

        var names = like.EnumerateObject().Select(f => f.Name).Where(n => value.TryGetProperty(n, out _))
            .Concat(value.EnumerateObject().Select(f => f.Name).Where(n => !like.TryGetProperty(n, out _)));
        var ordered = new JsonObject();
        foreach (var name in names)
        {
            ordered[name] = InOrderOf(value.GetProperty(name), like.TryGetProperty(name, out var inner) ? inner : null);
        }

        return ordered;
    }

    private static string Compact(JsonElement data) => JsonNode.Parse(data.GetRawText())!.ToJsonString(PlainJson);

    /// <summary>Written as in the test file: "é" and "+" as they are, not \u escapes.</summary>
    private static readonly JsonSerializerOptions PlainJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Both lists line by line: "  " the same, "- " expected only, "+ " actual only.</summary>
    private static IEnumerable<string> Lists(string field, IReadOnlyList<string> expected, IReadOnlyList<string> actual, Func<int, bool>? same = null)
    {
        same ??= i => string.Equals(expected[i], actual[i], StringComparison.Ordinal);
        if (expected.Count == actual.Count && Enumerable.Range(0, expected.Count).All(same))
        {
            yield break;
        }

        yield return $"{field} (- expected, + actual):";
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            if (e is not null && a is not null && same(i))
            {
                yield return $"    {i + 1,2}   {e}";
                continue;
            }

            if (e is not null)
            {
                yield return $"    {i + 1,2} - {e}";
            }

            if (a is not null)
            {
                yield return $"    {i + 1,2} + {a}";
            }
        }
    }

    private static string Names(IReadOnlyDictionary<string, string> variables) =>
        variables.Count == 0 ? "none" : string.Join(", ", variables.Keys.Order(StringComparer.Ordinal));
}

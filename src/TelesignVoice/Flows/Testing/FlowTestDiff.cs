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

        return lines;
    }

    /// <summary>Both lists line by line: "  " the same, "- " expected only, "+ " actual only.</summary>
    private static IEnumerable<string> Lists(string field, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            yield break;
        }

        yield return $"{field} (- expected, + actual):";
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            if (e == a)
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

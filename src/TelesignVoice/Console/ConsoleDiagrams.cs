using System.Globalization;
using System.Text;
using TelesignVoice.Flows;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// A flow as Mermaid flowchart text, generated from the loaded definition so it cannot drift from the
/// file: every step, its keys, no-input, invalid-input, give-up, after-transfer and code-result edges,
/// unreachable steps dashed, and the steps of one call highlighted. The browser draws it with the
/// vendored Mermaid script.
/// </summary>
public static class ConsoleDiagrams
{
    public static string Mermaid(FlowDefinition flow, IReadOnlyCollection<string>? highlightedSteps)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var ids = flow.Steps.Keys.Select((step, i) => (step, i)).ToDictionary(p => p.step, p => string.Create(CultureInfo.InvariantCulture, $"s{p.i}"), StringComparer.Ordinal);
        var text = new StringBuilder("flowchart TD\n");
        text.Append("  start((start)) --> ").Append(ids.GetValueOrDefault(flow.Start, "hangup")).Append('\n');
        foreach (var (id, step) in flow.Steps)
        {
            text.Append("  ").Append(ids[id]).Append("[\"").Append(Escape(id)).Append("<br/><small>").Append(Escape(Describe(step))).Append("</small>\"]\n");
        }

        text.Append("  hangup((hang up))\n");
        foreach (var (id, step) in flow.Steps)
        {
            foreach (var (label, target, dotted) in Edges(step))
            {
                text.Append("  ").Append(ids[id]).Append(dotted ? " -. \"" : " -- \"").Append(Escape(label)).Append(dotted ? "\" .-> " : "\" --> ")
                    .Append(ids.GetValueOrDefault(target, "hangup")).Append('\n');
            }
        }

        var reachable = Reachable(flow);
        var unreachable = flow.Steps.Keys.Where(id => !reachable.Contains(id)).Select(id => ids[id]).ToList();
        var highlighted = (highlightedSteps ?? []).Where(ids.ContainsKey).Select(id => ids[id]).ToList();
        text.Append("  classDef unreachable stroke-dasharray: 6 4,fill:#f2f2f2,color:#555\n");
        text.Append("  classDef highlighted fill:#ffe08a,stroke:#7a5200,stroke-width:3px,color:#1a1a1a\n");
        if (unreachable.Count > 0)
        {
            text.Append("  class ").Append(string.Join(',', unreachable)).Append(" unreachable\n");
        }

        if (highlighted.Count > 0)
        {
            text.Append("  class ").Append(string.Join(',', highlighted)).Append(" highlighted\n");
        }

        return text.ToString();
    }

    /// <summary>The routes out of a step, labelled as an operator reads them.</summary>
    public static IEnumerable<(string Label, string Target, bool Dotted)> Edges(FlowStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Ask is { } ask)
        {
            foreach (var (key, target) in ask.Choices)
            {
                yield return ($"key {key}", target, false);
            }

            if (ask.SaveAs is not null && step.Next is not null)
            {
                yield return ($"entry saved as {ask.SaveAs}", step.Next, false);
            }

            yield return ($"no input / invalid input × {ask.Attempts}: give up", ask.GiveUp, true);
        }
        else if (step.Next is not null)
        {
            yield return ("next", step.Next, false);
        }

        if (step.Transfer is { } transfer)
        {
            yield return ("after transfer", transfer.After, true);
        }

        foreach (var (result, target) in step.Results)
        {
            yield return ($"result {result}", target, false);
        }
    }

    public static string Describe(FlowStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var parts = new List<string>();
        if (step.Code is not null)
        {
            parts.Add($"code {step.Code}");
        }

        if (step.Say is not null)
        {
            parts.Add($"says “{Shorten(step.Say)}”");
        }

        if (step.Play is { Count: > 0 } play)
        {
            parts.Add($"plays {string.Join(", ", play)}");
        }

        if (step.Ask is { } ask)
        {
            var count = ask.MinDigits == ask.MaxDigits ? $"{ask.MaxDigits}" : $"{ask.MinDigits}–{ask.MaxDigits}";
            var noun = ask.SaveAs is null ? "key" : "digit";
            parts.Add($"asks for {count} {noun}{(ask.MaxDigits == 1 ? "" : "s")}{(ask.SaveAs is null ? "" : $", saved as {ask.SaveAs}")}");
        }

        if (step.Transfer is { } transfer)
        {
            parts.Add($"transfers to {transfer.To}");
        }

        if (step.SendDigits is not null)
        {
            parts.Add("sends digits");
        }

        if (step.Hangup)
        {
            parts.Add("hangs up");
        }

        return string.Join("; ", parts);
    }

    public static HashSet<string> Reachable(FlowDefinition flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([flow.Start, .. flow.OnError is null ? [] : new[] { flow.OnError }]);
        while (queue.TryDequeue(out var id))
        {
            if (flow.Steps.TryGetValue(id, out var step) && seen.Add(id))
            {
                foreach (var target in FlowGraph.Targets(step))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return seen;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "…");

    private static string Escape(string text) =>
        text.Replace("&", "#amp;", StringComparison.Ordinal)
            .Replace("\"", "#quot;", StringComparison.Ordinal)
            .Replace("<", "#lt;", StringComparison.Ordinal)
            .Replace(">", "#gt;", StringComparison.Ordinal);
}

using System.Text;

namespace TelesignVoice.Flows;

/// <summary>
/// A flow as a Mermaid flowchart (GitHub, GitLab and the console render it): one box per step, one
/// arrow per way out, labelled with what takes the call there — a key, no input, invalid input, giving
/// up, the end of a transfer, a code step's result. Steps no call can reach are drawn dashed and grey.
/// </summary>
public static class FlowDiagram
{
    private const int MaxTextLength = 48;
    private const string HangupNode = "hangup";
    private const string StartNode = "start";
    private const string ErrorNode = "on_error";

    /// <param name="highlightedSteps">Steps to draw highlighted, e.g. the steps one call went through.</param>
    public static string ToMermaid(FlowDefinition flow, IReadOnlyCollection<string>? highlightedSteps = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var ids = flow.Steps.Keys.Select((step, index) => (step, index)).ToDictionary(s => s.step, s => $"s{s.index}", StringComparer.Ordinal);
        string Node(string target) => target == FlowTargets.Hangup ? HangupNode : ids.GetValueOrDefault(target, HangupNode);

        var text = new StringBuilder();
        text.Append("flowchart TD\n");
        text.Append($"    {StartNode}(((\"{Escape(flow.Id)}\")))\n");
        text.Append($"    {HangupNode}((\"hang up\"))\n");
        foreach (var (step, id) in ids)
        {
            var lines = Describe(flow.Steps[step]).Prepend(step).Select(Escape);
            text.Append($"    {id}[\"{string.Join("<br/>", lines)}\"]\n");
        }

        text.Append($"    {StartNode} --> {Node(flow.Start)}\n");
        if (flow.OnError is { } onError)
        {
            text.Append($"    {ErrorNode}{{{{\"on error\"}}}} -.-> {Node(onError)}\n");
        }

        foreach (var (step, id) in ids)
        {
            foreach (var (label, target) in Edges(flow.Steps[step]))
            {
                var to = target is null ? id : Node(target);
                text.Append(label is null ? $"    {id} --> {to}\n" : $"    {id} -->|\"{Escape(label)}\"| {to}\n");
            }
        }

        var unreachable = FlowGraph.Unreachable(flow).Select(s => ids[s]).ToList();
        if (unreachable.Count > 0)
        {
            text.Append("    classDef unreachable stroke-dasharray: 5 5,fill:#eeeeee,color:#888888\n");
            text.Append($"    class {string.Join(',', unreachable)} unreachable\n");
        }

        var highlighted = (highlightedSteps ?? []).Where(ids.ContainsKey).Select(s => ids[s]).Distinct(StringComparer.Ordinal).ToList();
        if (highlighted.Count > 0)
        {
            text.Append("    classDef highlighted stroke-width:3px,stroke:#d97706,fill:#fef3c7\n");
            text.Append($"    class {string.Join(',', highlighted)} highlighted\n");
        }

        return text.ToString();
    }

    /// <summary>The arrows out of a step: label (null for a plain next) and target (null: back to the step itself).</summary>
    private static IEnumerable<(string? Label, string? Target)> Edges(FlowStep step)
    {
        if (step.Ask is { } ask)
        {
            foreach (var (key, target) in ask.Choices)
            {
                yield return ($"key {key}", target);
            }

            if (ask.RepeatKey is { } repeat)
            {
                yield return ($"key {repeat}: repeat", null);
            }

            if (ask.SaveAs is { } saveAs && step.Next is { } saved)
            {
                yield return ($"entry saved as {saveAs}", saved);
            }

            var again = ask.Attempts > 1 ? $" (ask again, {ask.Attempts} attempts)" : string.Empty;
            if (ask.Attempts > 1)
            {
                yield return ("no input" + again, null);
                yield return ("invalid input" + again, null);
            }

            yield return ("give up", ask.GiveUp);
            yield break;
        }

        if (step.Transfer is { } transfer)
        {
            yield return ("after transfer", transfer.After);
            yield break;
        }

        if (step.Code is not null)
        {
            foreach (var (result, target) in step.Results)
            {
                yield return ($"result {result}", target);
            }

            yield break;
        }

        if (step.Hangup)
        {
            yield return (null, FlowTargets.Hangup);
        }
        else if (step.Next is { } next)
        {
            yield return (null, next);
        }
    }

    private static IEnumerable<string> Describe(FlowStep step)
    {
        var job = step switch
        {
            { Ask: { } ask } => ask.SaveAs is null ? "ask" : $"ask → {ask.SaveAs}",
            { Transfer: { } transfer } => $"transfer to {transfer.To}",
            { Code: { } code } => $"code {code}",
            { SendDigits: { } digits } => $"send digits {digits}",
            { Hangup: true } => "hang up",
            _ => null,
        };
        var message = step.Say is { } say ? $"say: {Shorten(say)}"
            : step.Play is { Count: > 0 } play ? $"play: {Shorten(string.Join(", ", play))}"
            : null;
        return new[] { message, job }.OfType<string>();
    }

    private static string Shorten(string text) =>
        text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 1), "…");

    /// <summary>Mermaid labels are quoted; quotes and the characters Mermaid reads as markup become entity codes.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "#quot;",
                '#' => "#35;",
                '<' => "#lt;",
                '>' => "#gt;",
                '\n' or '\r' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}

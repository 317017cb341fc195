using System.Collections;

namespace TelesignVoice.Observability;

/// <summary>
/// Properties for <c>ILogger.BeginScope</c>: Serilog turns each pair into a property of every line
/// written inside the scope, so a call's lines can be filtered by <c>reference_id</c>.
/// </summary>
public sealed class LogScope(params KeyValuePair<string, object>[] properties) : IReadOnlyList<KeyValuePair<string, object>>
{
    public static LogScope Webhook(string referenceId, string eventName) =>
        new(new("reference_id", referenceId), new("event", eventName));

    public static LogScope FlowPosition(string? flow, string? step) =>
        new(new("flow", flow ?? string.Empty), new("step", step ?? string.Empty));

    public int Count => properties.Length;

    public KeyValuePair<string, object> this[int index] => properties[index];

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)properties).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', properties.Select(pair => $"{pair.Key}:{pair.Value}"));
}

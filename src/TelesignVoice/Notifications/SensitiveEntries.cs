using TelesignVoice.Flows;

namespace TelesignVoice.Notifications;

/// <summary>
/// The one place that decides what a notification must not show: the digits entered at an ask marked
/// sensitive, and the variable such an ask saves. Both call.completed and flow.result go through it.
/// </summary>
public static class SensitiveEntries
{
    public const string Mask = "***";

    /// <summary>
    /// Whether an ask's entry is sensitive (a PIN, a card number). Flow files have no <c>sensitive</c>
    /// flag yet: when asks gain one, it is read here, and nothing else changes.
    /// </summary>
    public static bool IsSensitive(FlowAsk ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        return false;
    }

    /// <summary>The steps whose entries are masked.</summary>
    public static IReadOnlySet<string> Steps(FlowDefinition? flow) =>
        flow is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : flow.Steps.Where(step => step.Value.Ask is { } ask && IsSensitive(ask)).Select(step => step.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The variables whose values are masked.</summary>
    public static IReadOnlySet<string> Variables(FlowDefinition? flow) =>
        flow is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : flow.Steps.Values.Select(step => step.Ask).OfType<FlowAsk>().Where(IsSensitive).Select(ask => ask.SaveAs).OfType<string>().ToHashSet(StringComparer.Ordinal);
}

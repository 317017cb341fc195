using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Privacy;

namespace TelesignVoice.Notifications;

/// <summary>
/// What a notification shows of a call's entries and variables: the flow's own rule of what is secret
/// (<see cref="FlowDefinition.IsSensitive(string)"/>, the <c>sensitive</c> flag of asks and variables),
/// shown as <see cref="SensitiveValues.Mask"/> as the API shows it. A value kept encrypted is masked even
/// when the flow is gone or changed since. Both call.completed and flow.result go through it.
/// </summary>
public static class SensitiveEntries
{
    public const string Mask = SensitiveValues.Mask;

    public static string? Variable(FlowDefinition? flow, string name, string? value) =>
        value is not null && (SensitiveValues.IsProtected(value) || flow?.IsSensitive(name) == true) ? Mask : value;

    public static string Digits(FlowDefinition? flow, CollectedDigits entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return flow?.IsSensitiveStep(entry.Step) == true ? Mask : entry.Digits;
    }

    public static Dictionary<string, string> Variables(FlowDefinition? flow, IEnumerable<KeyValuePair<string, string>> variables) =>
        variables.ToDictionary(variable => variable.Key, variable => Variable(flow, variable.Key, variable.Value)!, StringComparer.Ordinal);
}

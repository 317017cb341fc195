using TelesignVoice.Calls;
using TelesignVoice.Flows;

namespace TelesignVoice.Privacy;

/// <summary>
/// The one rule of what is secret in a call's entries and variables, for everything that shows them
/// (notifications, the console): the flow's own rule (<see cref="FlowDefinition.IsSensitive(string)"/>,
/// the <c>sensitive</c> flag of asks and variables), shown as <see cref="SensitiveValues.Mask"/> as the API
/// shows it. A value kept encrypted is masked even when the flow is gone or changed since.
/// </summary>
public static class SensitiveEntries
{
    public const string Mask = SensitiveValues.Mask;

    public static string? Variable(FlowDefinition? flow, string name, string? value) =>
        value is not null && (SensitiveValues.IsProtected(value) || flow?.IsSensitive(name) == true) ? Mask : value;

    public static string Digits(FlowDefinition? flow, CollectedDigits entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Digits(flow, entry.Step, entry.Digits)!;
    }

    /// <summary>Digits typed at <paramref name="step"/> (from a stored entry or a stored event's body).</summary>
    public static string? Digits(FlowDefinition? flow, string? step, string? digits) =>
        digits is not null && (SensitiveValues.IsProtected(digits) || flow?.IsSensitiveStep(step) == true) ? Mask : digits;

    /// <summary>The entries with every one after the first <paramref name="kept"/> masked.</summary>
    public static IReadOnlyList<CollectedDigits> MaskedAfter(IReadOnlyList<CollectedDigits> digits, int kept)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return digits.Count <= kept ? digits : [.. digits.Take(kept), .. digits.Skip(kept).Select(entry => entry with { Digits = Mask })];
    }

    public static Dictionary<string, string> Variables(FlowDefinition? flow, IEnumerable<KeyValuePair<string, string>> variables) =>
        variables.ToDictionary(variable => variable.Key, variable => Variable(flow, variable.Key, variable.Value)!, StringComparer.Ordinal);
}

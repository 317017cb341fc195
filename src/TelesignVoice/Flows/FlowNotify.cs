using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Privacy;

namespace TelesignVoice.Flows;

/// <summary>
/// Runs a notify step: fills its values from the call. A value may use the call's variables, its numbers
/// and reference id, and <c>{digits}</c> (the caller's latest entry); a variable without a value gives
/// null, since a notification is better sent incomplete than not at all. Sensitive entries are masked.
/// </summary>
public static class FlowNotify
{
    /// <summary>The caller's latest entry, usable in notify values as <c>{digits}</c>.</summary>
    public const string DigitsVariable = "digits";

    public static FlowResult Result(FlowDefinition flow, string stepId, FlowStep step, CallRecord call)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(call);
        var latest = call.Digits.Count > 0 ? call.Digits[^1] : null;
        string? Lookup(string name) => name switch
        {
            _ when call.Variables.TryGetValue(name, out var value) => SensitiveEntries.Variable(flow, name, value),
            DigitsVariable => latest is null ? null : SensitiveEntries.Digits(flow, latest),
            "reference_id" => call.ReferenceId,
            "to" => call.To,
            "from" => call.From,
            _ => null,
        };

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, template) in step.Notify ?? FlowTargets.NoRoutes)
        {
            values[name] = FlowTemplate.Render(template, Lookup, forUrl: false, out _);
        }

        return new FlowResult(flow.Id, stepId, values);
    }
}

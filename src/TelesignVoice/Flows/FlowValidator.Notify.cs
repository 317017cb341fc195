using System.Text.RegularExpressions;

namespace TelesignVoice.Flows;

/// <summary>A notify step sends a flow.result and goes on at once: values, a next step, nothing to say.</summary>
public sealed partial class FlowValidator
{
    private const int MaxNotifyValues = 50;

    private static void ValidateNotify(Checker check, string id, FlowStep step, IReadOnlyDictionary<string, string> notify)
    {
        if (notify.Count == 0)
        {
            check.Error(id, "notify", "has no values: name at least one, e.g. { \"confirmed\": \"yes\" }");
        }
        else if (notify.Count > MaxNotifyValues)
        {
            check.Error(id, "notify", $"has {notify.Count} values; at most {MaxNotifyValues}");
        }

        foreach (var name in notify.Keys.Where(name => !ValueName().IsMatch(name)))
        {
            check.Error(id, $"notify.{name}", "names are 1 to 64 letters, digits or '_', starting with a letter or '_'");
        }

        if (!step.Message.IsEmpty)
        {
            check.Error(id, step.Say is not null ? "say" : "play", "a notify step says nothing (it runs between two steps); put the message in the next step");
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex ValueName();
}

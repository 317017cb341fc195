using TelesignVoice.Simulator;

namespace TelesignVoice.OperatorConsole;

/// <summary>The simulator page's form: a number, a flow, variables (one <c>name=value</c> a line) and the caller's script.</summary>
public sealed class SimulatorForm
{
    public const string Silence = "silence";

    public static IReadOnlyList<string> DialStatuses { get; } = ["answered", "busy", "no_answer", "failed"];

    public string? To { get; set; }

    public string? Flow { get; set; }

    public string? Variables { get; set; }

    /// <summary>One entry per prompt that collects digits: keys, <c>silence</c>, or <c>hangup</c>.</summary>
    public string? Presses { get; set; }

    public string? DialStatus { get; set; }

    public (SimulatorCallRequest? Request, IReadOnlyDictionary<string, string> Errors) ToRequest()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, number) in Lines(Variables).Select((line, i) => (line, i + 1)))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors["variables"] = $"Line {number} of the variables is not name=value.";
                break;
            }

            variables[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        if (DialStatus is not null && !DialStatuses.Contains(DialStatus))
        {
            errors["script.dial_status"] = $"The callee's answer must be one of: {string.Join(", ", DialStatuses)}.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var presses = Lines(Presses).Select(p => p.Equals(Silence, StringComparison.OrdinalIgnoreCase) ? string.Empty : p).ToList();
        var script = new CallerScript
        {
            Presses = presses,
            DialStatus = DialStatus is null or "answered" ? null : DialStatus,
        };
        return (new SimulatorCallRequest(To, string.IsNullOrWhiteSpace(Flow) ? null : Flow, variables, script), errors);
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelesignVoice.Flows.Testing;

/// <summary>
/// A flow's tests, in <c>{flow}.test.json</c> beside the flow: cases, each a caller's script and what
/// must happen. See docs/flows.md, "Testing flows", and flow-test.schema.json.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FlowTestFile
{
    public const string Suffix = ".test.json";

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>The flow under test; the file's name without .test.json when absent.</summary>
    public string? Flow { get; init; }

    public IReadOnlyList<FlowTestCase> Cases { get; init => field = value ?? []; } = [];

    /// <summary>The file, or null with <paramref name="problem"/> saying what is wrong with it.</summary>
    public static FlowTestFile? Read(string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        problem = null;
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllText(path), TelesignVoiceJsonContext.Default.FlowTestFile);
            problem = file is null ? "the file is empty (null)" : file.Problem();
            return problem is null ? file : null;
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 1 } at ? $"{at}: " : string.Empty;
            problem = exception.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"{where}unknown field (a typo?); see flow-test.schema.json"
                : $"{where}not a valid flow test (line {exception.LineNumber + 1}): {exception.Message.Split(" Path:")[0]}";
            return null;
        }
    }

    private string? Problem()
    {
        if (Cases.Count == 0)
        {
            return "cases: missing; a flow test needs at least one case";
        }

        for (var i = 0; i < Cases.Count; i++)
        {
            if (Cases[i].Problem() is { } problem)
            {
                return $"cases[{i}] ('{Cases[i].Name}'): {problem}";
            }
        }

        return Cases.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"cases: two cases are named '{twice.Key}'; give each its own name"
            : null;
    }
}

/// <remarks>
/// Defaults are kept by the setters: the source-generated reader sets every init-only property, absent or
/// not, so an absent list would otherwise be null.
/// </remarks>
/// <summary>One call: who calls, what the caller does at each prompt and transfer, and what must happen.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FlowTestCase
{
    public const string Inbound = "inbound";
    public const string Outbound = "outbound";
    public const string HangUp = "hangup";

    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary><c>inbound</c> (someone calls in, the default) or <c>outbound</c> (placed with POST /calls, with variables).</summary>
    public string Direction { get; init => field = value ?? Inbound; } = Inbound;

    /// <summary>The variables given at dial (POST /calls variables); outbound calls only.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init => field = value ?? FlowTargets.NoRoutes; } = FlowTargets.NoRoutes;

    /// <summary>Outbound: Telesign's dial_completed status, <c>answered</c> (default), <c>busy</c>, <c>no_answer</c>…</summary>
    public string Dial { get; init => field = value ?? "answered"; } = "answered";

    /// <summary>One entry per prompt that collects keys: the keys (<c>"1"</c>, <c>"1234#"</c>), <c>""</c> for silence, <c>"hangup"</c>.</summary>
    public IReadOnlyList<string> Caller { get; init => field = value ?? []; } = [];

    /// <summary>One entry per transfer: <c>completed</c> (default: answered, then hung up), <c>no_answer</c>, or <c>hangup</c> (the caller hangs up).</summary>
    public IReadOnlyList<string> Transfers { get; init => field = value ?? []; } = [];

    public FlowTestExpectation Expect { get; init => field = value ?? new(); } = new();

    public static IReadOnlyList<string> TransferOutcomes { get; } = ["completed", "no_answer", HangUp];

    internal string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            return "name: missing; say what the case shows";
        }

        if (Direction is not (Inbound or Outbound))
        {
            return $"direction: '{Direction}' must be inbound or outbound";
        }

        if (Direction == Inbound && Variables.Count > 0)
        {
            return "variables: only an outbound call is given variables at dial; set \"direction\": \"outbound\"";
        }

        if (Caller.FirstOrDefault(c => c != HangUp && c.Any(k => !"0123456789*#".Contains(k, StringComparison.Ordinal))) is { } bad)
        {
            return $"caller: '{bad}' must be keys of a phone keypad (0-9, *, #), \"\" for silence, or \"hangup\"";
        }

        if (Transfers.FirstOrDefault(t => !TransferOutcomes.Contains(t)) is { } outcome)
        {
            return $"transfers: '{outcome}' must be one of {string.Join(", ", TransferOutcomes)}";
        }

        for (var i = 0; i < (Expect.Notifications?.Count ?? 0); i++)
        {
            if (Expect.Notifications![i].Problem() is { } problem)
            {
                return $"expect.notifications[{i}].{problem}";
            }
        }

        return Expect.IsEmpty ? "expect: missing; say what must happen (heard, actions, final_step, variables, notifications)" : null;
    }
}

/// <summary>What must happen; only what is given is checked.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FlowTestExpectation
{
    /// <summary>Everything the caller hears, in order: the text of each say, the URL of each play.</summary>
    public IReadOnlyList<string>? Heard { get; init; }

    /// <summary>Every action answered, in order: <c>speak</c>, <c>play</c>, <c>dial 15555550100</c>, <c>send_dtmf 123</c>, <c>hangup</c>.</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>The step the call was at when it ended.</summary>
    public string? FinalStep { get; init; }

    /// <summary>Variables the call must have at the end, with these values (others may exist too).</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    /// <summary>Every flow.result the call's notify steps sent, in order; each checks the data fields it gives.</summary>
    public IReadOnlyList<FlowTestNotification>? Notifications { get; init; }

    [JsonIgnore]
    public bool IsEmpty => Heard is null && Actions is null && FinalStep is null && Variables is null && Notifications is null;
}

/// <summary>
/// One expected notification: its type and the fields of its data that must be as given (a field's value
/// is compared whole: <c>values</c> must hold exactly the notify step's values). Fields left out, such as
/// the call's random <c>reference_id</c>, are not compared.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FlowTestNotification
{
    public string Type { get; init => field = value ?? Notifications.NotificationEventTypes.FlowResult; } = Notifications.NotificationEventTypes.FlowResult;

    public JsonElement? Data { get; init; }

    internal string? Problem() =>
        Type != Notifications.NotificationEventTypes.FlowResult
            ? $"type: '{Type}' cannot be expected; a flow test compares the {Notifications.NotificationEventTypes.FlowResult} notifications of notify steps"
            : Data is { ValueKind: not JsonValueKind.Object }
                ? "data: must be an object of the notification's fields, e.g. { \"step\": \"tell-confirmed\", \"values\": { … } }"
                : null;
}

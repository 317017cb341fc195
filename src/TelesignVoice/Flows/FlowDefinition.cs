namespace TelesignVoice.Flows;

/// <summary>
/// One call flow: named steps and the one to start at. File flows (flows/*.json) and code flows
/// (<see cref="CallFlowServiceCollectionExtensions.AddCallFlow"/>) both become this model, so one validator
/// checks them and one engine runs them.
/// </summary>
public sealed record FlowDefinition
{
    /// <summary>The file name without .json, or the name given to AddCallFlow.</summary>
    public required string Id { get; init; }

    /// <summary>Where the flow came from, for error messages: a file path or "code flow 'id'".</summary>
    public string Source { get; init; } = "code";

    public required string Start { get; init; }

    /// <summary>A note for people (the file's <c>description</c>); never spoken.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The content hash of this flow (of the file's text, or of a code flow's definition). A call keeps the
    /// version it started on until it ends, whatever is loaded meanwhile.
    /// </summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>TTS language of every <c>say</c> unless a step sets its own, e.g. <c>en-US</c>.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// The languages every <c>say</c> is written in (<see cref="FlowStep.SayIn"/>), the first being the
    /// default; empty for a flow in one language. The call's <c>language</c> variable picks one.
    /// </summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Where a call goes when a step cannot run (a missing variable, a failing code step); hang up when null.</summary>
    public string? OnError { get; init; }

    public required IReadOnlyDictionary<string, FlowStep> Steps { get; init; }

    /// <summary>Variables kept only encrypted and never shown (e.g. a one-time code given in POST /calls); the save_as of a sensitive ask is too.</summary>
    public IReadOnlyList<string> SensitiveVariables { get; init; } = [];

    /// <summary>
    /// The one rule of what is secret, read by the flow engine (what is stored), the API and the
    /// notifications (what is shown): a variable listed in <c>sensitive</c> or saved by a sensitive ask.
    /// </summary>
    public bool IsSensitive(string variable) =>
        SensitiveVariables.Contains(variable, StringComparer.Ordinal)
        || Steps.Values.Any(step => step.Ask is { Sensitive: true } ask && ask.SaveAs == variable);

    /// <summary>An ask's entry is secret when the ask is marked sensitive or saves into a sensitive variable.</summary>
    public bool IsSensitive(FlowAsk ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        return ask.Sensitive || (ask.SaveAs is { } variable && IsSensitive(variable));
    }

    /// <summary>Whether the keys typed at this step (its ask) are secret.</summary>
    public bool IsSensitiveStep(string? step) =>
        step is not null && Steps.TryGetValue(step, out var found) && found.Ask is { } ask && IsSensitive(ask);
}

/// <summary>
/// One step. It does one thing: plays a message and moves on (<see cref="Next"/>), asks for digits
/// (<see cref="Ask"/>), transfers, sends digits, hangs up, or runs a code step; say/play is the message
/// heard first.
/// </summary>
public sealed record FlowStep
{
    public string? Say { get; init; }

    /// <summary>The say in each language of <see cref="FlowDefinition.Languages"/>; <see cref="Say"/> then holds the first text given.</summary>
    public IReadOnlyDictionary<string, string>? SayIn { get; init; }

    /// <summary>One audio URL (play) or several played in order (play_multiple); relative URLs resolve against Flows:AudioBaseUrl.</summary>
    public IReadOnlyList<string>? Play { get; init; }

    public string? Language { get; init; }

    public FlowAsk? Ask { get; init; }

    public FlowTransfer? Transfer { get; init; }

    public string? SendDigits { get; init; }

    public bool Hangup { get; init; }

    /// <summary>Name of a step registered with AddFlowStep.</summary>
    public string? Code { get; init; }

    /// <summary>Code step: the step to go to for each result the code returns.</summary>
    public IReadOnlyDictionary<string, string> Results { get; init; } = FlowTargets.NoRoutes;

    /// <summary>Code step: the variables it sets, so a call is not refused for lacking them.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    public string? Next { get; init; }

    /// <summary>Notify step: the values of the <c>flow.result</c> notification it sends, as templates (docs/notifications.md).</summary>
    public IReadOnlyDictionary<string, string>? Notify { get; init; }

    /// <summary>Code and notify steps run within the event and lead on; every other step answers it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool RunsInPlace => Code is not null || Notify is not null;

    [System.Text.Json.Serialization.JsonIgnore]
    public FlowMessage Message => new(Say, Play) { SayIn = SayIn };
}

public sealed record FlowMessage(string? Say, IReadOnlyList<string>? Play)
{
    /// <summary>The say in each language of a flow with languages.</summary>
    public IReadOnlyDictionary<string, string>? SayIn { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Say is null && Play is not { Count: > 0 };
}

public sealed record FlowAsk
{
    public int MaxDigits { get; init; } = 1;

    public int MinDigits { get; init; } = 1;

    /// <summary>Wait for the first digit (Telesign's <c>timeout</c>, sent in milliseconds).</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Wait between digits (Telesign's <c>inter_digit_timeout</c>).</summary>
    public double? BetweenDigitsSeconds { get; init; }

    /// <summary>Keys that end the entry (Telesign's <c>terminators</c>), e.g. <c>#</c>.</summary>
    public string? EndKeys { get; init; }

    public string? AllowedDigits { get; init; }

    /// <summary>A regular expression the whole entry must match.</summary>
    public string? Pattern { get; init; }

    public IReadOnlyDictionary<string, string> Choices { get; init; } = FlowTargets.NoRoutes;

    public string? RepeatKey { get; init; }

    /// <summary>Any valid entry that is not a choice is stored in this variable, then the call goes to the step's next.</summary>
    public string? SaveAs { get; init; }

    /// <summary>The entry is a secret (a PIN): its digits are never stored or shown, and its save_as variable is kept encrypted.</summary>
    public bool Sensitive { get; init; }

    /// <summary>How many times the question is asked in all (repeats, no input and invalid input count).</summary>
    public int Attempts { get; init; } = 3;

    public FlowMessage? NoInput { get; init; }

    public FlowMessage? InvalidInput { get; init; }

    /// <summary>Where the call goes when the attempts run out.</summary>
    public string GiveUp { get; init; } = FlowTargets.Hangup;
}

public sealed record FlowTransfer
{
    public required string To { get; init; }

    public string? CallerId { get; init; }

    /// <summary>Digits sent once the other side answers (an extension).</summary>
    public string? SendDigits { get; init; }

    /// <summary>What call_leg_completed does: continue at a step (a survey) or hang up.</summary>
    public string After { get; init; } = FlowTargets.Hangup;
}

public static class FlowTargets
{
    /// <summary>A step reference that ends the call; no step may be called this.</summary>
    public const string Hangup = "hangup";

    public static IReadOnlyDictionary<string, string> NoRoutes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

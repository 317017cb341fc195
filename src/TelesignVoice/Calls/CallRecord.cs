namespace TelesignVoice.Calls;

/// <summary>
/// Everything kept about one call: who, which flow and where in it, and how it ended. It is the unit of
/// optimistic concurrency: <see cref="Version"/> rises by one with every committed event, so two
/// instances handling events of the same call never both advance it from the same state.
/// </summary>
public sealed record CallRecord
{
    public required string ReferenceId { get; init; }

    public string? ExternalId { get; init; }

    /// <summary><c>outbound</c> (placed with POST /calls) or <c>inbound</c> (incoming_call).</summary>
    public required string Direction { get; init; }

    public string? To { get; init; }

    public string? From { get; init; }

    public string? Flow { get; init; }

    /// <summary>The version (content hash) of <see cref="Flow"/> the call started on; it finishes on it.</summary>
    public string? FlowVersion { get; init; }

    /// <summary>The flow step whose prompt the caller is hearing now.</summary>
    public string? Step { get; init; }

    /// <summary>Attempts made at <see cref="Step"/> (re-prompts after no or invalid input).</summary>
    public int Attempts { get; init; }

    public IReadOnlyDictionary<string, string> Variables { get; init; } = EmptyVariables;

    public IReadOnlyList<CollectedDigits> Digits { get; init; } = [];

    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public EndOfCall? EndOfCall { get; init; }

    /// <summary>The name of the operator key that placed the call (null for inbound calls).</summary>
    public string? PlacedBy { get; init; }

    /// <summary>
    /// dial_completed's <c>status</c> as Telesign sent it (<c>answered</c>, <c>busy</c>, <c>no_answer</c>,
    /// <c>failed</c>, …): unlike <see cref="Status"/>, it stays after call_completed. Null until dial_completed.
    /// </summary>
    public string? Outcome { get; init; }

    /// <summary>Each transfer's result (call_leg_completed), in the order they came.</summary>
    public IReadOnlyList<CallLeg> Legs { get; init; } = [];

    /// <summary>0 for a call not yet stored; the store sets it to 1 on insert and adds 1 on each commit.</summary>
    public long Version { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyVariables =
        new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Where a call stands. Strings, because they are what operators filter on in GET /calls?status=.</summary>
public static class CallStatuses
{
    /// <summary>Telesign accepted the dial (202); waiting for dial_completed.</summary>
    public const string Dialing = "dialing";

    /// <summary>The dial's outcome is unknown (timeout or 5xx after sending); it may still ring.</summary>
    public const string Unknown = "unknown";

    public const string InProgress = "in_progress";

    /// <summary>The caller was bridged to another number with dial.</summary>
    public const string Transferred = "transferred";

    /// <summary>dial_completed reported something other than answered (busy, no answer, failed…).</summary>
    public const string NotAnswered = "not_answered";

    public const string Completed = "completed";

    /// <summary>An event came for a call this server never placed nor received; answered with hangup.</summary>
    public const string UnknownCall = "unknown_call";

    public static IReadOnlyList<string> All { get; } = [Dialing, Unknown, InProgress, Transferred, NotAnswered, Completed, UnknownCall];
}

public sealed record CollectedDigits(string? Step, string Digits, DateTimeOffset At);

/// <summary>A transfer's result: the fields of <c>call_leg_completed</c> as Telesign sent them.</summary>
public sealed record CallLeg(string? To, string? From, string? Status, double? DurationSeconds, DateTimeOffset At);

/// <summary>The fields of <c>call_completed</c>, as Telesign sent them.</summary>
public sealed record EndOfCall(
    int? DurationSeconds,
    string? CreatedOnUtc,
    string? AnsweredOnUtc,
    string? EndedOnUtc,
    string? Status,
    string? Direction,
    string? AudioRecordingFileName);

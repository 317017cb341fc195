namespace TelesignVoice.Campaigns;

/// <summary>One campaign as stored: who made it to run which flow, how, and where it stands.</summary>
public sealed record CampaignRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Flow { get; init; }

    public required string Status { get; init; }

    public required CampaignSettings Settings { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When dialling may begin; the campaign is <c>scheduled</c> until then.</summary>
    public DateTimeOffset? StartAt { get; init; }

    public DateTimeOffset? FirstDialAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Recipients accepted (duplicates counted once).</summary>
    public int Total { get; init; }

    /// <summary>The name of the operator key that created it (never its secret); its calls carry it as placed_by.</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>How a campaign dials: stored as JSON with the campaign, so a restart keeps them.</summary>
public sealed record CampaignSettings
{
    public string? CallerIdNumber { get; init; }

    public double CallsPerSecond { get; init; }

    public int MaxConcurrentCalls { get; init; }

    public CallingHours? CallingHours { get; init; }

    /// <summary>By outcome (<c>busy</c>, <c>no_answer</c>, <c>failed</c>, or a flow step such as <c>give_up</c>).</summary>
    public Dictionary<string, RetryRule> Retry { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Receives the campaign's notifications besides the configured endpoints (docs/notifications.md).</summary>
    public string? CallbackUrl { get; init; }
}

/// <param name="Start">Local time of day, <c>HH:mm</c>.</param>
/// <param name="End">Local time of day, <c>HH:mm</c>, exclusive.</param>
/// <param name="TimeZone">IANA zone used for every recipient that has none of its own; null derives it from the number.</param>
public sealed record CallingHours(string Start, string End, string? TimeZone = null);

/// <param name="Attempts">Dials a recipient gets, counting the first, while this outcome keeps coming back.</param>
/// <param name="DelaySeconds">Wait before the next dial after this outcome.</param>
public sealed record RetryRule(int Attempts, int DelaySeconds);

public static class CampaignStatuses
{
    /// <summary>Recipients are still being read in; invisible to operators and the dispatcher.</summary>
    public const string Creating = "creating";

    public const string Scheduled = "scheduled";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> Visible { get; } = [Scheduled, Running, Paused, Completed, Cancelled];
}

/// <summary>One person to call, with every attempt made so far.</summary>
public sealed record RecipientRecord
{
    public required string CampaignId { get; init; }

    /// <summary>Position in the list, from 1: the recipient's id within its campaign.</summary>
    public required long Seq { get; init; }

    public required string To { get; init; }

    public required string State { get; init; }

    /// <summary>Dials started so far; the next one is number <c>Attempts + 1</c>.</summary>
    public int Attempts { get; init; }

    /// <summary>When the dispatcher looks at this recipient next (first dial, retry, or an attempt's deadline).</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public RecipientData Data { get; init; } = new();
}

/// <summary>The parts of a recipient no query filters on, stored as one JSON document.</summary>
public sealed record RecipientData
{
    public string? ExternalId { get; init; }

    public string? TimeZone { get; init; }

    public Dictionary<string, string> Variables { get; init; } = new(StringComparer.Ordinal);

    public List<AttemptRecord> AttemptLog { get; init; } = [];

    /// <summary>The variables of the call that reached the recipient, as the flow left them.</summary>
    public Dictionary<string, string>? Saved { get; init; }

    public List<string>? Digits { get; init; }
}

/// <param name="Outcome">Null while the attempt runs; <c>answered</c>, <c>busy</c>, <c>no_answer</c>, <c>failed</c>, <c>rejected</c> or <c>unknown</c>.</param>
/// <param name="FinalStep">The flow step the answered call ended at.</param>
public sealed record AttemptRecord(
    int Number,
    DateTimeOffset StartedAt,
    string? ReferenceId = null,
    string? Outcome = null,
    DateTimeOffset? EndedAt = null,
    string? FinalStep = null,
    bool Answered = false);

public static class RecipientStates
{
    public const string Pending = "pending";

    /// <summary>A retry is scheduled.</summary>
    public const string Waiting = "waiting";

    /// <summary>An attempt has started: the dial is being sent (or its sender died).</summary>
    public const string Dialing = "dialing";

    /// <summary>Telesign took the dial (or its outcome is unknown); waiting for the call's events.</summary>
    public const string InCall = "in_call";

    public const string Reached = "reached";
    public const string Exhausted = "exhausted";
    public const string Suppressed = "suppressed";
    public const string InvalidNumber = "invalid_number";
    public const string Cancelled = "cancelled";

    /// <summary>A dial may have rung but no event ever told how it ended: never retried blindly.</summary>
    public const string OutcomeUnknown = "outcome_unknown";

    public static IReadOnlyList<string> Open { get; } = [Pending, Waiting, Dialing, InCall];

    public static IReadOnlyList<string> All { get; } =
        [Pending, Waiting, Dialing, InCall, Reached, Exhausted, Suppressed, InvalidNumber, Cancelled, OutcomeUnknown];

    public static bool IsFinal(string state) => !Open.Contains(state);
}

public sealed record Suppression(string Number, string? Reason, DateTimeOffset CreatedAt);

public sealed record CampaignPage(IReadOnlyList<CampaignRecord> Campaigns, string? NextCursor);

using TelesignVoice.Calls;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage;

/// <summary>
/// Where calls, their events and dials are kept. Every implementation passes the same contract tests
/// (tests/TelesignVoice.Tests/Storage): an event commit is atomic, a body is stored once per call
/// version it was handled at (a (reference_id, body hash, call version) is unique, so two deliveries
/// racing at one version store one event), and a commit made from a stale call version is refused.
/// </summary>
public interface ICallStore
{
    Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken);

    /// <summary>
    /// What handling one event needs, in one round trip: the call, the most recently stored event with
    /// this body hash if this exact body was handled before, and the call's latest event
    /// (<see cref="CallAndEvent.Latest"/>). The same body may be stored several times (at different call
    /// versions): a caller silent twice sends identical events, so whether this one is a re-delivery is for
    /// the caller to judge (docs/webhook-redelivery.md). The call is read before the events, so an event
    /// committed after the call was read is refused at that version by <see cref="CommitEventAsync"/>.
    /// </summary>
    Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="FindCallAndEventAsync(string, string, CancellationToken)"/>, matching the body by its
    /// keyed hash (a body stored with a secret taken out) or by its plain SHA-256 (a body stored whole, and every
    /// body the release before keyed hashes stored; <see cref="Privacy.KeyedHashes"/>).
    /// </summary>
    Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string plainBodyHash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the event and the call's new state in one transaction. The call must carry the version it
    /// was read at (0 when new); it is written with version + 1, and the event is stored under the version
    /// it was read at: when that body is already stored at that version the result is
    /// <see cref="CommitStatus.Duplicate"/> (checked before the version), when the call moved on it is
    /// <see cref="CommitStatus.Conflict"/>.
    /// </summary>
    Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the answer to the call's event handled at <paramref name="callVersion"/> was given: its
    /// response was written and the request completed without being aborted. Setting it twice is harmless.
    /// </summary>
    Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken);

    /// <summary>
    /// The same commit, with notifications written to the outbox in its transaction: they exist exactly
    /// when the event committed (docs/notifications.md). The three stores implement it; a store without an
    /// outbox can only commit events that cause none.
    /// </summary>
    Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken) =>
        outbox is { Count: 0 }
            ? CommitEventAsync(call, evt, cancellationToken)
            : throw new NotSupportedException($"{GetType().Name} keeps no outbox, so it cannot commit an event that causes notifications.");

    /// <summary>Inserts a call placed by us (after Telesign accepted the dial). False when the reference id exists.</summary>
    Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken);

    Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken);

    Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken);

    Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken);

    Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an idempotency key for POST /calls. Returns null when this caller now owns the key, or the
    /// existing entry (finished, or still pending) when another request claimed it first.
    /// </summary>
    Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken);

    /// <summary>Forgets a claimed key whose request failed before anything was sent, so it can be tried again.</summary>
    Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="limit"/> calls (with their events and dials) created before the
    /// cutoff, and at most as many older dials and idempotency keys; returns how many calls. Small batches
    /// keep each transaction short, so a purge never holds up the webhooks.
    /// </summary>
    Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Moves what was recorded under a placeholder id (a dial whose outcome was unknown) to the call's
    /// real id: the placeholder call row is deleted and its dials are re-labelled.
    /// </summary>
    Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken);

    /// <summary>
    /// The dial written under a placeholder id (status dialing, before it left) got no answer from Telesign:
    /// the placeholder now says so (status unknown). A placeholder already adopted or forgotten is left alone.
    /// </summary>
    Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached; used by the readiness check.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>A call (null when unknown) and the latest stored event with a given body (null when none).</summary>
public readonly record struct CallAndEvent(CallRecord? Call, EventRecord? LatestWithSameBody)
{
    /// <summary>The call's most recent event, whatever its body (null when none).</summary>
    public EventRecord? Latest { get; init; }
}

/// <summary>
/// One received event and the action that answered it; <paramref name="CallVersion"/> is the call version it
/// was handled at (set by the store), <paramref name="AnswerGiven"/> whether the action reached the sender.
/// </summary>
public sealed record EventRecord(
    string ReferenceId,
    string EventName,
    string BodyHash,
    string Body,
    DateTimeOffset ReceivedAt,
    string ActionJson,
    string? ActionMethod,
    long CallVersion = 0,
    bool AnswerGiven = false);

public enum CommitStatus
{
    Committed,

    /// <summary>The same body was committed at the same call version; <see cref="CommitResult.StoredEvent"/> holds its action.</summary>
    Duplicate,

    /// <summary>Another event of the call committed first; reload and handle again.</summary>
    Conflict,
}

public sealed record CommitResult(CommitStatus Status, EventRecord? StoredEvent = null)
{
    public static CommitResult Committed { get; } = new(CommitStatus.Committed);

    public static CommitResult Conflict { get; } = new(CommitStatus.Conflict);
}

/// <summary>A page request; a cursor that does not decode is treated as no cursor (the first page).</summary>
public sealed record CallQuery(string? Status, int Limit, string? Cursor)
{
    /// <summary>Only calls created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only calls created before this time.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    public string? Flow { get; init; }

    /// <summary>Only calls to or from this number (digits with the country code, as stored).</summary>
    public string? Number { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>Only calls whose external id starts with this (a campaign's calls: <c>campaign:{id}:</c>).</summary>
    public string? ExternalIdPrefix { get; init; }

    /// <summary>Only calls whose dial_completed status (<see cref="CallRecord.Outcome"/>) is this.</summary>
    public string? Outcome { get; init; }
}

/// <summary>A page of calls, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record CallPage(IReadOnlyList<CallRecord> Calls, string? NextCursor);

/// <summary>One POST /v2/voice request and what Telesign answered (HttpStatus null when nothing came back).</summary>
public sealed record DialRecord(
    string? ReferenceId,
    string ExternalId,
    DateTimeOffset RequestedAt,
    string RequestJson,
    int? HttpStatus,
    string? ResponseJson,
    string Outcome);

public sealed record IdempotencyEntry(string Key, string RequestHash, int? StatusCode, string? ResponseJson, DateTimeOffset CreatedAt)
{
    public bool IsPending => StatusCode is null;
}

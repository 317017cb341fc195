using System.Data.Common;
using TelesignVoice.Calls;
using TelesignVoice.Storage;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// The in-memory store with faults switched on at will: a database that fails a write (SQLite busy, a
/// PostgreSQL failover), a process that dies before it records an Idempotency-Key's answer, or a
/// duplicate whose twin is gone when it is read back.
/// </summary>
public sealed class FaultyCallStore : ICallStore
{
    private readonly InMemoryCallStore _inner = new();

    public bool FailRecordDial { get; set; }

    public bool FailInsertCall { get; set; }

    /// <summary>Completions are dropped, as when the process crashes between claiming a key and answering.</summary>
    public bool LoseCompletions { get; set; }

    public int ReleasedKeys { get; private set; }

    public Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken) =>
        FailRecordDial ? throw new FakeDbException("database is locked") : _inner.RecordDialAsync(dial, cancellationToken);

    public Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken) =>
        FailInsertCall ? throw new FakeDbException("the primary is failing over")
        : CrashInsertCall ? throw new InvalidOperationException("a bug, not a database error")
        : CrashAfterDial && call.ReferenceId != CallDialer.UnknownOutcomeReferenceId(call.ExternalId!) ? throw new InvalidOperationException("the server died after the dial left")
        : _inner.InsertCallAsync(call, cancellationToken);

    /// <summary>The insert after Telesign accepted the dial (not the intent written before it) throws, as if the server died in between.</summary>
    public bool CrashAfterDial { get; set; }

    /// <summary>Insert throws something that is not a DbException.</summary>
    public bool CrashInsertCall { get; set; }

    public Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken) =>
        LoseCompletions ? Task.CompletedTask : _inner.CompleteIdempotencyKeyAsync(key, statusCode, responseJson, cancellationToken);

    public Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken)
    {
        ReleasedKeys++;
        return _inner.ReleaseIdempotencyKeyAsync(key, cancellationToken);
    }

    public Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.ClaimIdempotencyKeyAsync(key, requestHash, now, cancellationToken);

    public Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken) =>
        _inner.FindCallAsync(referenceId, cancellationToken);

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken) =>
        _inner.FindCallAndEventAsync(referenceId, bodyHash, cancellationToken);

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string plainBodyHash, CancellationToken cancellationToken) =>
        _inner.FindCallAndEventAsync(referenceId, bodyHash, plainBodyHash, cancellationToken);

    /// <summary>
    /// This many commits answer Duplicate without the twin they name (null StoredEvent): the twin that won
    /// was purged, or stored under another version, by the time the store read it back.
    /// </summary>
    public int VanishingTwins { get; set; }

    public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken)
    {
        if (VanishingTwins > 0)
        {
            VanishingTwins--;
            return Task.FromResult(new CommitResult(CommitStatus.Duplicate, StoredEvent: null));
        }

        return _inner.CommitEventAsync(call, evt, cancellationToken);
    }

    public Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken) =>
        _inner.MarkAnswerGivenAsync(referenceId, callVersion, cancellationToken);

    public Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken) =>
        _inner.GetEventsAsync(referenceId, cancellationToken);

    public Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken) =>
        _inner.ListCallsAsync(query, cancellationToken);

    public Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken) =>
        _inner.GetDialsAsync(referenceId, cancellationToken);

    public Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken) =>
        _inner.ForgetPlaceholderAsync(placeholderId, referenceId, cancellationToken);

    public Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken) =>
        _inner.MarkDialOutcomeUnknownAsync(placeholderId, at, cancellationToken);

    public Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        _inner.PurgeCallsCreatedBeforeAsync(cutoff, limit, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => _inner.PingAsync(cancellationToken);
}

public sealed class FakeDbException(string message) : DbException(message);

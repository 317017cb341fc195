using TelesignVoice.Calls;
using TelesignVoice.Storage;

namespace TelesignVoice.Benchmarks;

/// <summary>
/// A store that keeps nothing: every event is new and every commit succeeds, so a benchmark of the
/// webhook processor measures the processor and its handler, not a store (the load test measures those).
/// </summary>
internal sealed class ForgetfulCallStore(CallRecord? current = null) : ICallStore
{
    /// <summary>The call every lookup finds (null: every event starts a new call).</summary>
    public Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken) => Task.FromResult(current);

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken) =>
        Task.FromResult(new CallAndEvent(current, null));

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string legacyBodyHash, CancellationToken cancellationToken) =>
        Task.FromResult(new CallAndEvent(current, null));

    public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken) =>
        Task.FromResult(CommitResult.Committed);

    public Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EventRecord>>([]);

    public Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(new CallPage([], null));

    public Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DialRecord>>([]);

    public Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IdempotencyEntry?>(null);

    public Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

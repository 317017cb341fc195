using TelesignVoice.Calls;
using TelesignVoice.Storage;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// The in-memory store, able to hold the webhook between an event's commit and its answer: the moment in
/// which a dropped connection or a crash leaves an event committed whose answer was never given.
/// </summary>
public sealed class HoldingCallStore : ICallStore
{
    private readonly InMemoryCallStore _inner = new();
    private Hold? _hold;
    private Gathering? _gathering;

    /// <summary>The next commit returns only when the hold is released.</summary>
    public Hold HoldNextCommit() => _hold = new Hold();

    public async Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken)
    {
        var result = await _inner.CommitEventAsync(call, evt, cancellationToken);
        if (Interlocked.Exchange(ref _hold, null) is { } hold)
        {
            hold.Committed.TrySetResult();
            await hold.Released.Task;
        }

        return result;
    }

    public Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken) => _inner.FindCallAsync(referenceId, cancellationToken);

    /// <summary>
    /// The next <paramref name="count"/> reads for handling an event return together, once all of them have
    /// read: deliveries that arrive at once, none of them answered before the others have looked.
    /// </summary>
    public void GatherNextReads(int count) => _gathering = new Gathering(count);

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken) =>
        FindCallAndEventAsync(referenceId, bodyHash, bodyHash, cancellationToken);

    public async Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string plainBodyHash, CancellationToken cancellationToken)
    {
        var found = await _inner.FindCallAndEventAsync(referenceId, bodyHash, plainBodyHash, cancellationToken);
        if (_gathering is { } gathering)
        {
            await gathering.ArriveAsync();
        }

        return found;
    }

    public Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken) =>
        _inner.MarkAnswerGivenAsync(referenceId, callVersion, cancellationToken);

    public Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken) => _inner.InsertCallAsync(call, cancellationToken);

    public Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken) => _inner.GetEventsAsync(referenceId, cancellationToken);

    public Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken) => _inner.ListCallsAsync(query, cancellationToken);

    public Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken) => _inner.RecordDialAsync(dial, cancellationToken);

    public Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken) => _inner.GetDialsAsync(referenceId, cancellationToken);

    public Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.ClaimIdempotencyKeyAsync(key, requestHash, now, cancellationToken);

    public Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken) =>
        _inner.CompleteIdempotencyKeyAsync(key, statusCode, responseJson, cancellationToken);

    public Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken) => _inner.ReleaseIdempotencyKeyAsync(key, cancellationToken);

    public Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        _inner.PurgeCallsCreatedBeforeAsync(cutoff, limit, cancellationToken);

    public Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken) =>
        _inner.ForgetPlaceholderAsync(placeholderId, referenceId, cancellationToken);

    public Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken) =>
        _inner.MarkDialOutcomeUnknownAsync(placeholderId, at, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => _inner.PingAsync(cancellationToken);

    private sealed class Gathering(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting = count;

        public Task ArriveAsync()
        {
            if (Interlocked.Decrement(ref _waiting) == 0)
            {
                _all.TrySetResult();
            }

            return _all.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public sealed class Hold
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

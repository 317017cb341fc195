using TelesignVoice.Calls;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage;

/// <summary>
/// A store that lives and dies with the process (<c>Storage:Provider</c> = <c>InMemory</c>): for tests,
/// the simulator and benchmarks that measure the cost of durability. One lock keeps each operation atomic.
/// Finished calls beyond <see cref="StorageOptions.InMemoryMaxFinishedCalls"/> are forgotten, oldest first,
/// so a long simulator session or benchmark keeps a bounded amount of memory.
/// </summary>
public sealed partial class InMemoryCallStore : ICallStore
{
    private readonly Lock _gate = new();
    private readonly int _maxFinishedCalls;
    private readonly Queue<string> _finished = new();
    private readonly Dictionary<string, CallRecord> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<EventRecord>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ReferenceId, string BodyHash, long CallVersion), EventRecord> _eventsByBody = [];
    private readonly List<DialRecord> _dials = [];
    private readonly Dictionary<string, IdempotencyEntry> _idempotency = new(StringComparer.Ordinal);

    /// <param name="maxFinishedCalls">Completed calls kept (0: all of them).</param>
    public InMemoryCallStore(int maxFinishedCalls = StorageOptions.DefaultInMemoryMaxFinishedCalls)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFinishedCalls);
        _maxFinishedCalls = maxFinishedCalls;
    }

    public Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_calls.GetValueOrDefault(referenceId));
        }
    }

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken) =>
        FindCallAndEventAsync(referenceId, bodyHash, bodyHash, cancellationToken);

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string plainBodyHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var sameBody = _events.TryGetValue(referenceId, out var list) ? list.FindLast(evt => evt.BodyHash == bodyHash || evt.BodyHash == plainBodyHash) : null;
            return Task.FromResult(new CallAndEvent(_calls.GetValueOrDefault(referenceId), sameBody) { Latest = list?[^1] });
        }
    }

    public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken) =>
        CommitEventAsync(call, evt, [], cancellationToken);

    public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_eventsByBody.TryGetValue((evt.ReferenceId, evt.BodyHash, call.Version), out var stored))
            {
                return Task.FromResult(new CommitResult(CommitStatus.Duplicate, stored));
            }

            var currentVersion = _calls.TryGetValue(call.ReferenceId, out var current) ? current.Version : 0;
            if (currentVersion != call.Version)
            {
                return Task.FromResult(CommitResult.Conflict);
            }

            _calls[call.ReferenceId] = call with { Version = call.Version + 1 };
            evt = evt with { CallVersion = call.Version, AnswerGiven = false };
            _eventsByBody[(evt.ReferenceId, evt.BodyHash, call.Version)] = evt;
            if (!_events.TryGetValue(evt.ReferenceId, out var list))
            {
                _events[evt.ReferenceId] = list = [];
            }

            list.Add(evt);
            AddToOutbox(outbox);
            if (call.Status == CallStatuses.Completed && current?.Status != CallStatuses.Completed)
            {
                ForgetOldestFinishedCalls(call.ReferenceId);
            }

            return Task.FromResult(CommitResult.Committed);
        }
    }

    private void ForgetOldestFinishedCalls(string justFinished)
    {
        if (_maxFinishedCalls == 0)
        {
            return;
        }

        _finished.Enqueue(justFinished);
        while (_finished.Count > _maxFinishedCalls)
        {
            var referenceId = _finished.Dequeue();
            _calls.Remove(referenceId);
            if (_events.Remove(referenceId, out var events))
            {
                foreach (var evt in events)
                {
                    _eventsByBody.Remove((evt.ReferenceId, evt.BodyHash, evt.CallVersion));
                }
            }

            _dials.RemoveAll(dial => dial.ReferenceId == referenceId);
        }
    }

    public Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_events.TryGetValue(referenceId, out var list)
                && list.FindIndex(evt => evt.CallVersion == callVersion) is var index and >= 0
                && !list[index].AnswerGiven)
            {
                var given = list[index] with { AnswerGiven = true };
                list[index] = given;
                _eventsByBody[(given.ReferenceId, given.BodyHash, callVersion)] = given;
            }
        }

        return Task.CompletedTask;
    }

    public Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _calls.Remove(placeholderId);
            for (var i = 0; i < _dials.Count; i++)
            {
                if (_dials[i].ReferenceId == placeholderId)
                {
                    _dials[i] = _dials[i] with { ReferenceId = referenceId };
                }
            }

            return Task.CompletedTask;
        }
    }

    public Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_calls.TryGetValue(placeholderId, out var placeholder) && placeholder.Status == CallStatuses.Dialing)
            {
                _calls[placeholderId] = placeholder with { Status = CallStatuses.Unknown, UpdatedAt = at, Version = placeholder.Version + 1 };
            }

            return Task.CompletedTask;
        }
    }

    public Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_calls.TryAdd(call.ReferenceId, call with { Version = 1 }));
        }
    }

    public Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<EventRecord> events = _events.TryGetValue(referenceId, out var list) ? [.. list] : [];
            return Task.FromResult(events);
        }
    }

    public Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken)
    {
        var hasCursor = CallCursor.TryDecode(query.Cursor, out var cursor);
        lock (_gate)
        {
            var page = _calls.Values
                .Where(call => query.Status is null || call.Status == query.Status)
                .Where(call => Matches(call, query))
                .Where(call => !hasCursor || cursor.Precedes(call.CreatedAt, call.ReferenceId))
                .OrderByDescending(call => call.CreatedAt)
                .ThenByDescending(call => call.ReferenceId, StringComparer.Ordinal)
                .Take(query.Limit + 1)
                .ToList();
            return Task.FromResult(CallPages.From(page, query.Limit));
        }
    }

    private static bool Matches(CallRecord call, CallQuery query) =>
        (query.CreatedFrom is null || call.CreatedAt >= query.CreatedFrom)
        && (query.CreatedBefore is null || call.CreatedAt < query.CreatedBefore)
        && (query.Flow is null || call.Flow == query.Flow)
        && (query.Number is null || call.To == query.Number || call.From == query.Number)
        && (query.ExternalId is null || call.ExternalId == query.ExternalId)
        && (query.ExternalIdPrefix is null || (call.ExternalId?.StartsWith(query.ExternalIdPrefix, StringComparison.Ordinal) ?? false))
        && (query.Outcome is null || call.Outcome == query.Outcome);

    public Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _dials.Add(dial);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<DialRecord> dials = [.. _dials.Where(dial => dial.ReferenceId == referenceId)];
            return Task.FromResult(dials);
        }
    }

    public Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_idempotency.TryGetValue(key, out var existing))
            {
                return Task.FromResult<IdempotencyEntry?>(existing);
            }

            _idempotency[key] = new IdempotencyEntry(key, requestHash, null, null, now);
            return Task.FromResult<IdempotencyEntry?>(null);
        }
    }

    public Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_idempotency.TryGetValue(key, out var entry))
            {
                _idempotency[key] = entry with { StatusCode = statusCode, ResponseJson = responseJson };
            }
        }

        return Task.CompletedTask;
    }

    public Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _idempotency.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var old = _calls.Values.Where(call => call.CreatedAt < cutoff).OrderBy(call => call.CreatedAt).Take(limit).Select(call => call.ReferenceId).ToList();
            foreach (var referenceId in old)
            {
                _calls.Remove(referenceId);
                _events.Remove(referenceId);
                foreach (var key in _eventsByBody.Keys.Where(key => key.ReferenceId == referenceId).ToList())
                {
                    _eventsByBody.Remove(key);
                }
            }

            var gone = old.ToHashSet(StringComparer.Ordinal);
            _dials.RemoveAll(dial => dial.RequestedAt < cutoff || (dial.ReferenceId is not null && gone.Contains(dial.ReferenceId)));
            foreach (var key in _idempotency.Values.Where(entry => entry.CreatedAt < cutoff).Select(entry => entry.Key).ToList())
            {
                _idempotency.Remove(key);
            }

            return Task.FromResult(old.Count);
        }
    }

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class CallPages
{
    /// <summary>Builds a page from up to limit + 1 rows in order: the extra row only says another page exists.</summary>
    public static CallPage From(IReadOnlyList<CallRecord> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return new CallPage(rows, null);
        }

        var page = rows.Take(limit).ToList();
        var last = page[^1];
        return new CallPage(page, new CallCursor(last.CreatedAt, last.ReferenceId).Encode());
    }
}

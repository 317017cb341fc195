using TelesignVoice.Notifications;

namespace TelesignVoice.Storage;

/// <summary>The outbox in memory, under the store's one lock, so it commits with the event like the others.</summary>
public sealed partial class InMemoryCallStore : INotificationStore
{
    private readonly List<Row> _outbox = [];
    private readonly Dictionary<string, (string Url, DateTimeOffset SavedAt)> _callbacks = new(StringComparer.Ordinal);
    private long _sequence;

    public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            AddToOutbox(messages);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredNotification>> ClaimDueAsync(DateTimeOffset now, string leaseOwner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var firstInLine = _outbox.Where(row => row.Stored.State == NotificationStates.Pending)
                .GroupBy(row => (row.Stored.Message.Endpoint, row.Stored.Message.OrderingKey))
                .Select(line => line.First());
            var due = firstInLine
                .Where(row => row.Stored.NextAttemptAt <= now && (row.LeaseUntil is null || row.LeaseUntil <= now))
                .Take(limit)
                .ToList();
            foreach (var row in due)
            {
                row.LeaseOwner = leaseOwner;
                row.LeaseUntil = leaseUntil;
            }

            IReadOnlyList<StoredNotification> claimed = [.. due.Select(row => row.Stored)];
            return Task.FromResult(claimed);
        }
    }

    public Task<bool> RecordAttemptAsync(NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        lock (_gate)
        {
            var row = Find(attempt.Id);
            if (row is null || row.LeaseOwner != attempt.LeaseOwner || row.Stored.State != NotificationStates.Pending)
            {
                return Task.FromResult(false);
            }

            row.Stored = row.Stored with
            {
                State = attempt.State,
                Attempts = row.Stored.Attempts + 1,
                NextAttemptAt = attempt.NextAttemptAt,
                LastError = attempt.Error,
                LastStatus = attempt.Status,
                DeliveredAt = attempt.State == NotificationStates.Delivered ? attempt.At : row.Stored.DeliveredAt,
            };
            row.LeaseOwner = null;
            row.LeaseUntil = null;
            return Task.FromResult(true);
        }
    }

    public Task<NotificationPage> ListNotificationsAsync(NotificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hasCursor = NotificationCursor.TryDecode(query.Cursor, out var before);
        lock (_gate)
        {
            var rows = _outbox.Select(row => row.Stored)
                .Where(stored => query.State is null || stored.State == query.State)
                .Where(stored => query.OrderingKey is null || stored.Message.OrderingKey == query.OrderingKey)
                .Where(stored => !hasCursor || stored.Sequence < before)
                .OrderByDescending(stored => stored.Sequence)
                .Take(query.Limit + 1)
                .ToList();
            return Task.FromResult(NotificationCursor.Page(rows, query.Limit));
        }
    }

    public Task<StoredNotification?> FindNotificationAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Find(id)?.Stored);
        }
    }

    public Task<StoredNotification?> RedeliverAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(id) is not { } row)
            {
                return Task.FromResult<StoredNotification?>(null);
            }

            row.Stored = row.Stored with { State = NotificationStates.Pending, NextAttemptAt = now, PendingSince = now };
            row.LeaseOwner = null;
            row.LeaseUntil = null;
            return Task.FromResult<StoredNotification?>(row.Stored);
        }
    }

    public Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var finished = _outbox
                .Where(row => row.Stored.State is NotificationStates.Delivered or NotificationStates.Failed && row.Stored.PendingSince < cutoff)
                .Take(limit)
                .ToHashSet();
            _outbox.RemoveAll(finished.Contains);
            var callbacks = _callbacks.Where(pair => pair.Value.SavedAt < cutoff).Take(limit).Select(pair => pair.Key).ToList();
            callbacks.ForEach(externalId => _callbacks.Remove(externalId));
            return Task.FromResult(finished.Count + callbacks.Count);
        }
    }

    public Task<DateTimeOffset?> OldestPendingSinceAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pending = _outbox.Where(row => row.Stored.State == NotificationStates.Pending).Select(row => row.Stored.PendingSince).ToList();
            return Task.FromResult(pending.Count == 0 ? (DateTimeOffset?)null : pending.Min());
        }
    }

    public Task SaveCallbackAsync(string externalId, string url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _callbacks[externalId] = (url, now);
        }

        return Task.CompletedTask;
    }

    public Task<string?> FindCallbackAsync(string externalId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_callbacks.TryGetValue(externalId, out var saved) ? saved.Url : null);
        }
    }

    /// <summary>Called under <see cref="_gate"/>.</summary>
    private void AddToOutbox(IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            _outbox.Add(new Row(new StoredNotification(++_sequence, message, NotificationStates.Pending, 0, message.CreatedAt, message.CreatedAt, null, null, null)));
        }
    }

    private Row? Find(string id) => _outbox.Find(row => row.Stored.Message.Id == id);

    private sealed class Row(StoredNotification stored)
    {
        public StoredNotification Stored { get; set; } = stored;

        public string? LeaseOwner { get; set; }

        public DateTimeOffset? LeaseUntil { get; set; }
    }
}

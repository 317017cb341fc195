namespace TelesignVoice.Notifications;

/// <summary>
/// The outbox, kept by the call store of <c>Storage:Provider</c> (SQLite, PostgreSQL or in memory). Rows
/// are written in the transaction of the change that causes them
/// (<see cref="Storage.ICallStore.CommitEventAsync(Calls.CallRecord, Storage.EventRecord, IReadOnlyList{OutboxMessage}, CancellationToken)"/>),
/// or on their own with <see cref="EnqueueAsync"/>. Several instances share it: a claim leases rows
/// (PostgreSQL skips rows another instance is claiming), so one notification is not sent twice at once.
/// </summary>
public interface INotificationStore
{
    /// <summary>Writes notifications on their own (for changes whose own commit cannot carry them).</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> pending notifications that are due, not leased by anyone,
    /// and first in line for their endpoint and ordering key (an earlier one still pending holds back the rest).
    /// </summary>
    Task<IReadOnlyList<StoredNotification>> ClaimDueAsync(DateTimeOffset now, string leaseOwner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);

    /// <summary>Records an attempt and ends the lease; false when the lease was lost (another instance took the row over).</summary>
    Task<bool> RecordAttemptAsync(NotificationAttempt attempt, CancellationToken cancellationToken);

    Task<NotificationPage> ListNotificationsAsync(NotificationQuery query, CancellationToken cancellationToken);

    Task<StoredNotification?> FindNotificationAsync(string id, CancellationToken cancellationToken);

    /// <summary>Makes a notification pending again, due now, its age counted from now. Null when unknown.</summary>
    Task<StoredNotification?> RedeliverAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> delivered or failed notifications that became pending before
    /// <paramref name="cutoff"/>, and up to as many callback_urls saved before it (a call's notifications
    /// need its URL only while it runs); the number deleted. Rows another instance holds are skipped, not waited for.
    /// </summary>
    Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);

    /// <summary>When the oldest pending notification became pending; null when none is.</summary>
    Task<DateTimeOffset?> OldestPendingSinceAsync(CancellationToken cancellationToken);

    /// <summary>Keeps the <c>callback_url</c> given with a call, by the call's external id (known before the dial).</summary>
    Task SaveCallbackAsync(string externalId, string url, DateTimeOffset now, CancellationToken cancellationToken);

    Task<string?> FindCallbackAsync(string externalId, CancellationToken cancellationToken);
}

/// <summary>A page position: the sequence of the last notification shown.</summary>
public static class NotificationCursor
{
    public static string Encode(long sequence) => Convert.ToBase64String(BitConverter.GetBytes(sequence)).TrimEnd('=');

    public static bool TryDecode(string? cursor, out long sequence)
    {
        sequence = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return false;
        }

        var bytes = new byte[8];
        var padded = cursor.Length % 4 == 0 ? cursor : cursor + new string('=', 4 - (cursor.Length % 4));
        if (!Convert.TryFromBase64String(padded, bytes, out var written) || written != 8)
        {
            return false;
        }

        sequence = BitConverter.ToInt64(bytes);
        return sequence > 0;
    }

    public static NotificationPage Page(IReadOnlyList<StoredNotification> rows, int limit) =>
        rows.Count <= limit
            ? new NotificationPage(rows, null)
            : new NotificationPage([.. rows.Take(limit)], Encode(rows[limit - 1].Sequence));
}

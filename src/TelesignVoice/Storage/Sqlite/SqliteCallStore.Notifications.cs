using Microsoft.Data.Sqlite;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>The outbox. SQLite has one writer, so a claim is one UPDATE … RETURNING in the write queue.</summary>
public sealed partial class SqliteCallStore : INotificationStore
{
    private const string InsertNotification = """
        INSERT INTO notifications (message_id, event_type, endpoint, url, ordering_key, payload, created_at, state, next_attempt_at, pending_since)
        VALUES ($message_id, $event_type, $endpoint, $url, $ordering_key, $payload, $created_at, 'pending', $created_at, $created_at)
        """;

    private static readonly string ClaimDue = $"""
        UPDATE notifications SET lease_owner = $lease_owner, lease_until = $lease_until
        WHERE id IN (SELECT n.id FROM notifications n WHERE {NotificationRows.DueCondition('$')} ORDER BY n.id LIMIT $limit)
        RETURNING {NotificationRows.Columns}
        """;

    /// <summary>Inserts outbox rows on the session of the transaction under way (the event's commit, or a campaign's).</summary>
    public static void InsertOutbox(SqliteSession session, IReadOnlyList<OutboxMessage> outbox)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(outbox);
        foreach (var message in outbox)
        {
            var command = session.Command(InsertNotification);
            command.Parameters.AddWithValue("$message_id", message.Id);
            command.Parameters.AddWithValue("$event_type", message.EventType);
            command.Parameters.AddWithValue("$endpoint", message.Endpoint);
            command.Parameters.AddWithValue("$url", message.Url);
            command.Parameters.AddWithValue("$ordering_key", message.OrderingKey);
            command.Parameters.AddWithValue("$payload", message.Payload);
            command.Parameters.AddWithValue("$created_at", SqliteDatabase.FormatTime(message.CreatedAt));
            command.ExecuteNonQuery();
        }
    }

    public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return database.WriteAsync(session =>
        {
            InsertOutbox(session, messages);
            return messages.Count;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredNotification>> ClaimDueAsync(DateTimeOffset now, string leaseOwner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<StoredNotification>>(session =>
        {
            var command = session.Command(ClaimDue);
            command.Parameters.AddWithValue("$now", SqliteDatabase.FormatTime(now));
            command.Parameters.AddWithValue("$lease_owner", leaseOwner);
            command.Parameters.AddWithValue("$lease_until", SqliteDatabase.FormatTime(leaseUntil));
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            return StoredRows.ReadAll(reader, ReadNotification).OrderBy(row => row.Sequence).ToList();
        }, cancellationToken);

    public Task<bool> RecordAttemptAsync(NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return database.WriteAsync(session =>
        {
            var command = session.Command("""
                UPDATE notifications
                SET state = $state, attempts = attempts + 1, next_attempt_at = $next_attempt_at, last_error = $last_error,
                    last_status = $last_status, delivered_at = CASE WHEN $state = 'delivered' THEN $at ELSE delivered_at END,
                    lease_owner = NULL, lease_until = NULL
                WHERE message_id = $message_id AND lease_owner = $lease_owner AND state = 'pending'
                """);
            command.Parameters.AddWithValue("$message_id", attempt.Id);
            command.Parameters.AddWithValue("$lease_owner", attempt.LeaseOwner);
            command.Parameters.AddWithValue("$state", attempt.State);
            command.Parameters.AddWithValue("$at", SqliteDatabase.FormatTime(attempt.At));
            command.Parameters.AddWithValue("$next_attempt_at", SqliteDatabase.FormatTime(attempt.NextAttemptAt));
            command.Parameters.AddWithValue("$last_error", (object?)attempt.Error ?? DBNull.Value);
            command.Parameters.AddWithValue("$last_status", (object?)attempt.Status ?? DBNull.Value);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    public Task<NotificationPage> ListNotificationsAsync(NotificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hasCursor = NotificationCursor.TryDecode(query.Cursor, out var before);
        return database.ReadAsync(session =>
        {
            var command = session.Command($"""
                SELECT {NotificationRows.Columns} FROM notifications
                WHERE ($state IS NULL OR state = $state) AND ($before IS NULL OR id < $before)
                  AND ($ordering_key IS NULL OR ordering_key = $ordering_key)
                ORDER BY id DESC LIMIT $limit
                """);
            command.Parameters.AddWithValue("$state", (object?)query.State ?? DBNull.Value);
            command.Parameters.AddWithValue("$ordering_key", (object?)query.OrderingKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$before", hasCursor ? before : DBNull.Value);
            command.Parameters.AddWithValue("$limit", query.Limit + 1);
            using var reader = command.ExecuteReader();
            return NotificationCursor.Page(StoredRows.ReadAll(reader, ReadNotification), query.Limit);
        }, cancellationToken);
    }

    public Task<StoredNotification?> FindNotificationAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(session => FindNotification(session, id), cancellationToken);

    public Task<StoredNotification?> RedeliverAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(session =>
        {
            var command = session.Command("""
                UPDATE notifications SET state = 'pending', next_attempt_at = $now, pending_since = $now, lease_owner = NULL, lease_until = NULL
                WHERE message_id = $message_id
                """);
            command.Parameters.AddWithValue("$message_id", id);
            command.Parameters.AddWithValue("$now", SqliteDatabase.FormatTime(now));
            return command.ExecuteNonQuery() == 1 ? FindNotification(session, id) : null;
        }, cancellationToken);

    public Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command("""
                    DELETE FROM notifications WHERE id IN (
                        SELECT id FROM notifications WHERE state IN ('delivered', 'failed') AND pending_since < $cutoff ORDER BY id LIMIT $limit);
                    DELETE FROM notification_callbacks WHERE external_id IN (
                        SELECT external_id FROM notification_callbacks WHERE created_at < $cutoff LIMIT $limit)
                    """);
                command.Parameters.AddWithValue("$cutoff", SqliteDatabase.FormatTime(cutoff));
                command.Parameters.AddWithValue("$limit", limit);
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<DateTimeOffset?> OldestPendingSinceAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(session =>
            session.Command("SELECT min(pending_since) FROM notifications WHERE state = 'pending'").ExecuteScalar() is string text
                ? SqliteDatabase.ParseTime(text)
                : (DateTimeOffset?)null,
            cancellationToken);

    public Task SaveCallbackAsync(string externalId, string url, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(session =>
        {
            var command = session.Command("""
                INSERT INTO notification_callbacks (external_id, url, created_at) VALUES ($external_id, $url, $created_at)
                ON CONFLICT (external_id) DO UPDATE SET url = excluded.url, created_at = excluded.created_at
                """);
            command.Parameters.AddWithValue("$external_id", externalId);
            command.Parameters.AddWithValue("$url", url);
            command.Parameters.AddWithValue("$created_at", SqliteDatabase.FormatTime(now));
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<string?> FindCallbackAsync(string externalId, CancellationToken cancellationToken) =>
        database.ReadAsync(session =>
        {
            var command = session.Command("SELECT url FROM notification_callbacks WHERE external_id = $external_id");
            command.Parameters.AddWithValue("$external_id", externalId);
            return command.ExecuteScalar() as string;
        }, cancellationToken);

    private static StoredNotification? FindNotification(SqliteSession session, string id)
    {
        var command = session.Command($"SELECT {NotificationRows.Columns} FROM notifications WHERE message_id = $message_id");
        command.Parameters.AddWithValue("$message_id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadNotification(reader) : null;
    }

    private static StoredNotification ReadNotification(SqliteDataReader reader) =>
        NotificationRows.Read(reader, (row, ordinal) => SqliteDatabase.ParseTime(row.GetString(ordinal)));
}

using Npgsql;
using NpgsqlTypes;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage.Postgres;

/// <summary>
/// The outbox shared by every instance. A claim is one statement: it locks the due rows it can get
/// (FOR UPDATE SKIP LOCKED passes over rows another instance is claiming at that moment) and leases them,
/// so until the lease ends no other instance sees them as due.
/// </summary>
public sealed partial class PostgresCallStore : INotificationStore
{
    private const string InsertNotification = """
        INSERT INTO notifications (message_id, event_type, endpoint, url, ordering_key, payload, created_at, state, next_attempt_at, pending_since)
        VALUES (@message_id, @event_type, @endpoint, @url, @ordering_key, @payload, @created_at, 'pending', @created_at, @created_at)
        """;

    private static readonly string ClaimDue = $"""
        WITH due AS (
            SELECT n.id FROM notifications n
            WHERE {NotificationRows.DueCondition('@')}
            ORDER BY n.id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        )
        UPDATE notifications SET lease_owner = @lease_owner, lease_until = @lease_until
        FROM due WHERE notifications.id = due.id
        RETURNING {string.Join(", ", NotificationRows.Columns.Split(", ").Select(column => "notifications." + column))}
        """;

    /// <summary>Inserts outbox rows in the transaction under way (the event's commit, or a campaign's).</summary>
    public static async Task InsertOutboxAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        if (outbox.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var message in outbox)
        {
            var insert = new NpgsqlBatchCommand(InsertNotification);
            insert.Parameters.Add(PostgresRows.Text("message_id", message.Id));
            insert.Parameters.Add(PostgresRows.Text("event_type", message.EventType));
            insert.Parameters.Add(PostgresRows.Text("endpoint", message.Endpoint));
            insert.Parameters.Add(PostgresRows.Text("url", message.Url));
            insert.Parameters.Add(PostgresRows.Text("ordering_key", message.OrderingKey));
            insert.Parameters.Add(PostgresRows.Text("payload", message.Payload));
            insert.Parameters.Add(PostgresRows.Time("created_at", message.CreatedAt));
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await InsertOutboxAsync(connection, null, messages, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredNotification>> ClaimDueAsync(DateTimeOffset now, string leaseOwner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimDue);
        command.Parameters.Add(PostgresRows.Time("now", now));
        command.Parameters.Add(PostgresRows.Text("lease_owner", leaseOwner));
        command.Parameters.Add(PostgresRows.Time("lease_until", leaseUntil));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = await StoredRows.ReadAllAsync(reader, ReadNotification, cancellationToken);
        return [.. rows.OrderBy(row => row.Sequence)];
    }

    public async Task<bool> RecordAttemptAsync(NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await using var command = dataSource.CreateCommand("""
            UPDATE notifications
            SET state = @state, attempts = attempts + 1, next_attempt_at = @next_attempt_at, last_error = @last_error,
                last_status = @last_status, delivered_at = CASE WHEN @state = 'delivered' THEN @at ELSE delivered_at END,
                lease_owner = NULL, lease_until = NULL
            WHERE message_id = @message_id AND lease_owner = @lease_owner AND state = 'pending'
            """);
        command.Parameters.Add(PostgresRows.Text("message_id", attempt.Id));
        command.Parameters.Add(PostgresRows.Text("lease_owner", attempt.LeaseOwner));
        command.Parameters.Add(PostgresRows.Text("state", attempt.State));
        command.Parameters.Add(PostgresRows.Time("at", attempt.At));
        command.Parameters.Add(PostgresRows.Time("next_attempt_at", attempt.NextAttemptAt));
        command.Parameters.Add(PostgresRows.Text("last_error", attempt.Error));
        command.Parameters.Add(new NpgsqlParameter("last_status", NpgsqlDbType.Integer) { Value = (object?)attempt.Status ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<NotificationPage> ListNotificationsAsync(NotificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hasCursor = NotificationCursor.TryDecode(query.Cursor, out var before);
        await using var command = dataSource.CreateCommand($"""
            SELECT {NotificationRows.Columns} FROM notifications
            WHERE (@state::text IS NULL OR state = @state) AND (@before::bigint IS NULL OR id < @before)
              AND (@ordering_key::text IS NULL OR ordering_key = @ordering_key)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.Add(PostgresRows.Text("state", query.State));
        command.Parameters.Add(PostgresRows.Text("ordering_key", query.OrderingKey));
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = hasCursor ? before : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return NotificationCursor.Page(await StoredRows.ReadAllAsync(reader, ReadNotification, cancellationToken), query.Limit);
    }

    public async Task<StoredNotification?> FindNotificationAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {NotificationRows.Columns} FROM notifications WHERE message_id = @message_id");
        command.Parameters.Add(PostgresRows.Text("message_id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadNotification(reader) : null;
    }

    public async Task<StoredNotification?> RedeliverAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE notifications SET state = 'pending', next_attempt_at = @now, pending_since = @now, lease_owner = NULL, lease_until = NULL
            WHERE message_id = @message_id
            RETURNING {NotificationRows.Columns}
            """);
        command.Parameters.Add(PostgresRows.Text("message_id", id));
        command.Parameters.Add(PostgresRows.Time("now", now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadNotification(reader) : null;
    }

    public async Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH batch AS (
                SELECT id FROM notifications WHERE state IN ('delivered', 'failed') AND pending_since < @cutoff
                ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED)
            DELETE FROM notifications WHERE id IN (SELECT id FROM batch);
            WITH batch AS (
                SELECT external_id FROM notification_callbacks WHERE created_at < @cutoff LIMIT @limit FOR UPDATE SKIP LOCKED)
            DELETE FROM notification_callbacks WHERE external_id IN (SELECT external_id FROM batch)
            """);
        command.Parameters.Add(PostgresRows.Time("cutoff", cutoff));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> OldestPendingSinceAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT min(pending_since) FROM notifications WHERE state = 'pending'");
        var oldest = await command.ExecuteScalarAsync(cancellationToken);
        return oldest is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
    }

    public async Task SaveCallbackAsync(string externalId, string url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO notification_callbacks (external_id, url, created_at) VALUES (@external_id, @url, @created_at)
            ON CONFLICT (external_id) DO UPDATE SET url = excluded.url, created_at = excluded.created_at
            """);
        command.Parameters.Add(PostgresRows.Text("external_id", externalId));
        command.Parameters.Add(PostgresRows.Text("url", url));
        command.Parameters.Add(PostgresRows.Time("created_at", now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> FindCallbackAsync(string externalId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT url FROM notification_callbacks WHERE external_id = @external_id");
        command.Parameters.Add(PostgresRows.Text("external_id", externalId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static StoredNotification ReadNotification(NpgsqlDataReader reader) =>
        NotificationRows.Read(reader, (row, ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal));
}

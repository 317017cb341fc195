using System.Data.Common;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage;

/// <summary>The outbox's columns and reader, shared by SQLite and PostgreSQL; only the time column differs.</summary>
public static class NotificationRows
{
    public const string Columns =
        "id, message_id, event_type, endpoint, url, ordering_key, payload, created_at, state, attempts, next_attempt_at, pending_since, last_error, last_status, delivered_at";

    /// <summary>
    /// Due, not leased, and first in line for its endpoint and ordering key (rows <c>n</c>); the same text
    /// works on both databases, with their parameter prefix.
    /// </summary>
    public static string DueCondition(char parameterPrefix) => $"""
        n.state = 'pending' AND n.next_attempt_at <= {parameterPrefix}now AND (n.lease_until IS NULL OR n.lease_until <= {parameterPrefix}now)
          AND NOT EXISTS (SELECT 1 FROM notifications e
                          WHERE e.state = 'pending' AND e.endpoint = n.endpoint AND e.ordering_key = n.ordering_key AND e.id < n.id)
        """;

    public static StoredNotification Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(readTime);
        var message = new OutboxMessage(
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            readTime(reader, 7));
        return new StoredNotification(
            reader.GetInt64(0),
            message,
            reader.GetString(8),
            reader.GetInt32(9),
            readTime(reader, 10),
            readTime(reader, 11),
            StoredRows.NullableString(reader, 12),
            reader.IsDBNull(13) ? null : reader.GetInt32(13),
            reader.IsDBNull(14) ? null : readTime(reader, 14));
    }
}

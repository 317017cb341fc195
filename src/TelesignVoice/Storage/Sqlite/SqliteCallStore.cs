using Microsoft.Data.Sqlite;
using TelesignVoice.Calls;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// The embedded store (<c>Storage:Provider</c> = <c>Sqlite</c>, the default). Each write runs in a
/// <c>BEGIN IMMEDIATE</c> transaction, so the event, its action and the call's new state are committed
/// together and durably before the webhook answers; the UNIQUE (reference_id, body_hash, call_version)
/// constraint and the version check decide duplicates and conflicts, not locks in memory.
/// </summary>
public sealed partial class SqliteCallStore(SqliteDatabase database) : ICallStore
{
    public async Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteRows.CallColumns} FROM calls WHERE reference_id = $reference_id";
        command.Parameters.AddWithValue("$reference_id", referenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteRows.ReadCall(reader) : null;
    }

    public async Task<EventRecord?> FindEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindEventAsync(connection, referenceId, bodyHash, callVersion: null, cancellationToken);
    }

    public async Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(evt);
        using var turn = await database.WaitForWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        await using (var insertEvent = connection.CreateCommand())
        {
            insertEvent.CommandText = SqliteRows.InsertEvent;
            SqliteRows.AddEventParameters(insertEvent, evt);
            insertEvent.Parameters.AddWithValue("$expected_version", call.Version);
            if (await insertEvent.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                var twin = await FindEventAsync(connection, evt.ReferenceId, evt.BodyHash, call.Version, cancellationToken);
                return new CommitResult(CommitStatus.Duplicate, twin);
            }
        }

        await using (var writeCall = connection.CreateCommand())
        {
            writeCall.CommandText = call.Version == 0 ? SqliteRows.InsertCall : SqliteRows.UpdateCall;
            SqliteRows.AddCallParameters(writeCall, call, call.Version + 1);
            writeCall.Parameters.AddWithValue("$expected_version", call.Version);
            if (await writeCall.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return CommitResult.Conflict;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return CommitResult.Committed;
    }

    public async Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var turn = await database.WaitForWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteRows.InsertCall;
        SqliteRows.AddCallParameters(command, call, version: 1);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteRows.EventColumns} FROM events WHERE reference_id = $reference_id ORDER BY id";
        command.Parameters.AddWithValue("$reference_id", referenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.ReadAllAsync(reader, SqliteRows.ReadEvent, cancellationToken);
    }

    public async Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hasCursor = CallCursor.TryDecode(query.Cursor, out var cursor);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {SqliteRows.CallColumns} FROM calls
            WHERE ($status IS NULL OR status = $status)
              AND ($after_created_at IS NULL OR created_at < $after_created_at
                   OR (created_at = $after_created_at AND reference_id < $after_reference_id))
            ORDER BY created_at DESC, reference_id DESC
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$status", (object?)query.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("$after_created_at", hasCursor ? SqliteDatabase.FormatTime(cursor.CreatedAt) : DBNull.Value);
        command.Parameters.AddWithValue("$after_reference_id", hasCursor ? cursor.ReferenceId : DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return CallPages.From(await StoredRows.ReadAllAsync(reader, SqliteRows.ReadCall, cancellationToken), query.Limit);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_migrations";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The latest event with this body, or the one stored at <paramref name="callVersion"/>.</summary>
    private static async Task<EventRecord?> FindEventAsync(
        SqliteConnection connection, string referenceId, string bodyHash, long? callVersion, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {SqliteRows.EventColumns} FROM events
            WHERE reference_id = $reference_id AND body_hash = $body_hash AND ($call_version IS NULL OR call_version = $call_version)
            ORDER BY id DESC
            LIMIT 1
            """;
        command.Parameters.AddWithValue("$reference_id", referenceId);
        command.Parameters.AddWithValue("$body_hash", bodyHash);
        command.Parameters.AddWithValue("$call_version", (object?)callVersion ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteRows.ReadEvent(reader) : null;
    }
}

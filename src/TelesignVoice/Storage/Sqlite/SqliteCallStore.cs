using Microsoft.Data.Sqlite;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// The embedded store (<c>Storage:Provider</c> = <c>Sqlite</c>, the default). Everything runs on the
/// database's one connection (<see cref="SqliteWorkQueue"/>): reads between transactions, writes in group
/// commits, so the event, its action and the call's new state are committed together, and durably, before
/// the webhook answers. The UNIQUE (reference_id, body_hash, call_version) constraint and the version
/// check decide duplicates and conflicts, not locks in memory.
/// </summary>
public sealed partial class SqliteCallStore(SqliteDatabase database) : ICallStore
{
    private const string SelectCall = $"SELECT {SqliteRows.CallColumns} FROM calls WHERE reference_id = $reference_id";

    /// <summary>The call first, then the events: the order <see cref="ICallStore.FindCallAndEventAsync"/> promises.</summary>
    private const string SelectCallAndLatestSameBody = $"""
        {SelectCall};
        SELECT {SqliteRows.StoredEventColumns} FROM events
        WHERE reference_id = $reference_id AND body_hash IN ($body_hash, $plain_body_hash)
        ORDER BY id DESC
        LIMIT 1;
        SELECT {SqliteRows.StoredEventColumns} FROM events
        WHERE reference_id = $reference_id
        ORDER BY call_version DESC
        LIMIT 1
        """;

    /// <summary>
    /// The event stored with this body at the version or, before <c>migrate --contract</c>, at an earlier
    /// one (the per-body constraint of the release before 0002 refused it then).
    /// </summary>
    private const string SelectEventAtVersion = $"""
        SELECT {SqliteRows.StoredEventColumns} FROM events
        WHERE reference_id = $reference_id AND body_hash = $body_hash AND call_version <= $call_version
        ORDER BY call_version DESC, id DESC
        LIMIT 1
        """;

    public Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken) =>
        database.ReadAsync(session =>
        {
            var command = session.Command(SelectCall);
            command.Parameters.AddWithValue("$reference_id", referenceId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? SqliteRows.ReadCall(reader) : null;
        }, cancellationToken);

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken) =>
        FindCallAndEventAsync(referenceId, bodyHash, bodyHash, cancellationToken);

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string plainBodyHash, CancellationToken cancellationToken) =>
        database.ReadAsync(session =>
        {
            var command = session.Command(SelectCallAndLatestSameBody);
            command.Parameters.AddWithValue("$reference_id", referenceId);
            command.Parameters.AddWithValue("$body_hash", bodyHash);
            command.Parameters.AddWithValue("$plain_body_hash", plainBodyHash);
            using var reader = command.ExecuteReader();
            var call = reader.Read() ? SqliteRows.ReadCall(reader) : null;
            reader.NextResult();
            var sameBody = reader.Read() ? SqliteRows.ReadEvent(reader) : null;
            reader.NextResult();
            var latest = reader.Read() ? SqliteRows.ReadEvent(reader) : null;
            return new CallAndEvent(call, sameBody) { Latest = latest };
        }, cancellationToken);

    public Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command("UPDATE events SET answer_given = 1 WHERE reference_id = $reference_id AND call_version = $call_version AND answer_given = 0");
                command.Parameters.AddWithValue("$reference_id", referenceId);
                command.Parameters.AddWithValue("$call_version", callVersion);
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken) =>
        CommitEventAsync(call, evt, [], cancellationToken);

    public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(outbox);
        return database.WriteAsync(session => CommitEvent(session, call, evt, outbox), cancellationToken);
    }

    public Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command("""
                    UPDATE dials SET reference_id = $reference_id WHERE reference_id = $placeholder;
                    DELETE FROM calls WHERE reference_id = $placeholder;
                    """);
                command.Parameters.AddWithValue("$placeholder", placeholderId);
                command.Parameters.AddWithValue("$reference_id", referenceId);
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command(SqliteRows.MarkDialOutcomeUnknown);
                command.Parameters.AddWithValue("$placeholder", placeholderId);
                command.Parameters.AddWithValue("$updated_at", SqliteDatabase.FormatTime(at));
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return database.WriteAsync(
            session =>
            {
                var command = session.Command(SqliteRows.InsertCall);
                SqliteRows.AddCallParameters(command, call, version: 1);
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<EventRecord>>(session =>
        {
            var command = session.Command($"SELECT {SqliteRows.StoredEventColumns} FROM events WHERE reference_id = $reference_id ORDER BY id");
            command.Parameters.AddWithValue("$reference_id", referenceId);
            using var reader = command.ExecuteReader();
            return StoredRows.ReadAll(reader, SqliteRows.ReadEvent);
        }, cancellationToken);

    public Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hasCursor = CallCursor.TryDecode(query.Cursor, out var cursor);
        return database.ReadAsync(session =>
        {
            var command = session.Command($"""
                SELECT {SqliteRows.CallColumns} FROM calls
                WHERE ($status IS NULL OR status = $status)
                  AND ($created_from IS NULL OR created_at >= $created_from)
                  AND ($created_before IS NULL OR created_at < $created_before)
                  AND ($flow IS NULL OR flow = $flow)
                  AND ($number IS NULL OR to_number = $number OR from_number = $number)
                  AND ($external_id IS NULL OR external_id = $external_id)
                  AND ($external_id_prefix IS NULL OR substr(external_id, 1, length($external_id_prefix)) = $external_id_prefix)
                  AND ($outcome IS NULL OR outcome = $outcome)
                  AND ($after_created_at IS NULL OR created_at < $after_created_at
                       OR (created_at = $after_created_at AND reference_id < $after_reference_id))
                ORDER BY created_at DESC, reference_id DESC
                LIMIT $limit
                """);
            command.Parameters.AddWithValue("$status", (object?)query.Status ?? DBNull.Value);
            command.Parameters.AddWithValue("$created_from", query.CreatedFrom is { } from ? SqliteDatabase.FormatTime(from) : DBNull.Value);
            command.Parameters.AddWithValue("$created_before", query.CreatedBefore is { } before ? SqliteDatabase.FormatTime(before) : DBNull.Value);
            command.Parameters.AddWithValue("$flow", (object?)query.Flow ?? DBNull.Value);
            command.Parameters.AddWithValue("$number", (object?)query.Number ?? DBNull.Value);
            command.Parameters.AddWithValue("$external_id", (object?)query.ExternalId ?? DBNull.Value);
            command.Parameters.AddWithValue("$external_id_prefix", (object?)query.ExternalIdPrefix ?? DBNull.Value);
            command.Parameters.AddWithValue("$outcome", (object?)query.Outcome ?? DBNull.Value);
            command.Parameters.AddWithValue("$after_created_at", hasCursor ? SqliteDatabase.FormatTime(cursor.CreatedAt) : DBNull.Value);
            command.Parameters.AddWithValue("$after_reference_id", hasCursor ? cursor.ReferenceId : DBNull.Value);
            command.Parameters.AddWithValue("$limit", query.Limit + 1);
            using var reader = command.ExecuteReader();
            return CallPages.From(StoredRows.ReadAll(reader, SqliteRows.ReadCall), query.Limit);
        }, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(session => session.Command("SELECT count(*) FROM schema_migrations").ExecuteScalar(), cancellationToken);

    /// <summary>
    /// The event is inserted first, so a body already stored at this version is a duplicate whatever the
    /// call's version; then the call is written if it is still at the version it was read at.
    /// </summary>
    private static CommitResult CommitEvent(SqliteSession session, CallRecord call, EventRecord evt, IReadOnlyList<OutboxMessage> outbox)
    {
        var insertEvent = session.Command(SqliteRows.InsertEvent);
        SqliteRows.AddEventParameters(insertEvent, evt);
        insertEvent.Parameters.AddWithValue("$expected_version", call.Version);
        if (insertEvent.ExecuteNonQuery() == 0)
        {
            return new CommitResult(CommitStatus.Duplicate, FindEventAtVersion(session, evt.ReferenceId, evt.BodyHash, call.Version));
        }

        var writeCall = session.Command(call.Version == 0 ? SqliteRows.InsertCall : SqliteRows.UpdateCall);
        SqliteRows.AddCallParameters(writeCall, call, call.Version + 1);
        writeCall.Parameters.AddWithValue("$expected_version", call.Version);
        if (writeCall.ExecuteNonQuery() == 0)
        {
            // Another event of the call committed first: take back the event just inserted.
            var takeBack = session.Command("DELETE FROM events WHERE reference_id = $reference_id AND body_hash = $body_hash AND call_version = $call_version");
            takeBack.Parameters.AddWithValue("$reference_id", evt.ReferenceId);
            takeBack.Parameters.AddWithValue("$body_hash", evt.BodyHash);
            takeBack.Parameters.AddWithValue("$call_version", call.Version);
            takeBack.ExecuteNonQuery();
            return CommitResult.Conflict;
        }

        InsertOutbox(session, outbox);
        return CommitResult.Committed;
    }

    private static EventRecord? FindEventAtVersion(SqliteSession session, string referenceId, string bodyHash, long callVersion)
    {
        var command = session.Command(SelectEventAtVersion);
        command.Parameters.AddWithValue("$reference_id", referenceId);
        command.Parameters.AddWithValue("$body_hash", bodyHash);
        command.Parameters.AddWithValue("$call_version", callVersion);
        using var reader = command.ExecuteReader();
        return reader.Read() ? SqliteRows.ReadEvent(reader) : null;
    }

    // The records around the calls: dials, idempotency keys and retention.
    public Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dial);
        return database.WriteAsync(
            session =>
            {
                var command = session.Command("""
                    INSERT INTO dials (reference_id, external_id, requested_at, request_json, http_status, response_json, outcome)
                    VALUES ($reference_id, $external_id, $requested_at, $request_json, $http_status, $response_json, $outcome)
                    """);
                command.Parameters.AddWithValue("$reference_id", (object?)dial.ReferenceId ?? DBNull.Value);
                command.Parameters.AddWithValue("$external_id", dial.ExternalId);
                command.Parameters.AddWithValue("$requested_at", SqliteDatabase.FormatTime(dial.RequestedAt));
                command.Parameters.AddWithValue("$request_json", dial.RequestJson);
                command.Parameters.AddWithValue("$http_status", (object?)dial.HttpStatus ?? DBNull.Value);
                command.Parameters.AddWithValue("$response_json", (object?)dial.ResponseJson ?? DBNull.Value);
                command.Parameters.AddWithValue("$outcome", dial.Outcome);
                return command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DialRecord>>(session =>
        {
            var command = session.Command("""
                SELECT reference_id, external_id, requested_at, request_json, http_status, response_json, outcome
                FROM dials WHERE reference_id = $reference_id ORDER BY id
                """);
            command.Parameters.AddWithValue("$reference_id", referenceId);
            using var reader = command.ExecuteReader();
            return StoredRows.ReadAll(reader, SqliteRows.ReadDial);
        }, cancellationToken);

    public Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                // One command: the insert wins the key, or the existing row is returned instead.
                var command = session.Command("""
                    INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES ($key, $request_hash, $created_at)
                    ON CONFLICT (key) DO NOTHING;
                    SELECT request_hash, status_code, response_json, created_at FROM idempotency_keys
                    WHERE key = $key AND changes() = 0;
                    """);
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$request_hash", requestHash);
                command.Parameters.AddWithValue("$created_at", SqliteDatabase.FormatTime(now));
                using var reader = command.ExecuteReader();
                return reader.Read()
                    ? new IdempotencyEntry(
                        key,
                        reader.GetString(0),
                        reader.IsDBNull(1) ? null : reader.GetInt32(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        SqliteDatabase.ParseTime(reader.GetString(3)))
                    : null;
            },
            cancellationToken);

    public Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command("UPDATE idempotency_keys SET status_code = $status_code, response_json = $response_json WHERE key = $key");
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$status_code", statusCode);
                command.Parameters.AddWithValue("$response_json", responseJson);
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command("DELETE FROM idempotency_keys WHERE key = $key");
                command.Parameters.AddWithValue("$key", key);
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command("""
                    CREATE TEMP TABLE IF NOT EXISTS purge_batch (reference_id TEXT PRIMARY KEY);
                    DELETE FROM purge_batch;
                    INSERT INTO purge_batch SELECT reference_id FROM calls WHERE created_at < $cutoff ORDER BY created_at LIMIT $limit;
                    DELETE FROM events WHERE reference_id IN (SELECT reference_id FROM purge_batch);
                    DELETE FROM dials WHERE reference_id IN (SELECT reference_id FROM purge_batch)
                        OR id IN (SELECT id FROM dials WHERE requested_at < $cutoff LIMIT $limit);
                    DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE created_at < $cutoff LIMIT $limit);
                    DELETE FROM calls WHERE reference_id IN (SELECT reference_id FROM purge_batch);
                    SELECT changes();
                    """);
                command.Parameters.AddWithValue("$cutoff", SqliteDatabase.FormatTime(cutoff));
                command.Parameters.AddWithValue("$limit", limit);
                return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            },
            cancellationToken);
}

using Npgsql;
using NpgsqlTypes;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage.Postgres;

/// <summary>
/// The shared store (<c>Storage:Provider</c> = <c>Postgres</c>) for several instances behind a load
/// balancer. Correctness rests on the database alone: the UNIQUE (reference_id, body_hash, call_version)
/// constraint makes one of two deliveries racing at one call version a duplicate, and the version check
/// in the call's UPDATE turns a commit from a stale read into a conflict. Commands go through one pooled, auto-preparing data source.
/// </summary>
public sealed partial class PostgresCallStore(NpgsqlDataSource dataSource) : ICallStore
{
    public async Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {PostgresRows.CallColumns} FROM calls WHERE reference_id = @reference_id");
        command.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgresRows.ReadCall(reader) : null;
    }

    public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken) =>
        FindCallAndEventAsync(referenceId, bodyHash, bodyHash, cancellationToken);

    public async Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string plainBodyHash, CancellationToken cancellationToken)
    {
        // One round trip; the call's statement runs first, as the interface promises.
        await using var batch = dataSource.CreateBatch();
        var findCall = new NpgsqlBatchCommand($"SELECT {PostgresRows.CallColumns} FROM calls WHERE reference_id = @reference_id");
        findCall.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        var findEvent = new NpgsqlBatchCommand($"""
            SELECT {PostgresRows.StoredEventColumns} FROM events
            WHERE reference_id = @reference_id AND body_hash IN (@body_hash, @plain_body_hash)
            ORDER BY id DESC
            LIMIT 1
            """);
        findEvent.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        findEvent.Parameters.Add(PostgresRows.Text("body_hash", bodyHash));
        findEvent.Parameters.Add(PostgresRows.Text("plain_body_hash", plainBodyHash));
        var findLatest = new NpgsqlBatchCommand($"""
            SELECT {PostgresRows.StoredEventColumns} FROM events
            WHERE reference_id = @reference_id
            ORDER BY call_version DESC
            LIMIT 1
            """);
        findLatest.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        batch.BatchCommands.Add(findCall);
        batch.BatchCommands.Add(findEvent);
        batch.BatchCommands.Add(findLatest);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var call = await reader.ReadAsync(cancellationToken) ? PostgresRows.ReadCall(reader) : null;
        await reader.NextResultAsync(cancellationToken);
        var sameBody = await reader.ReadAsync(cancellationToken) ? PostgresRows.ReadEvent(reader) : null;
        await reader.NextResultAsync(cancellationToken);
        var latest = await reader.ReadAsync(cancellationToken) ? PostgresRows.ReadEvent(reader) : null;
        return new CallAndEvent(call, sameBody) { Latest = latest };
    }

    /// <summary>
    /// One round trip, and no wait for the disk: the mark is committed asynchronously. The event and its
    /// answer were committed durably before the answer left; the mark only says the answer reached
    /// Telesign. Only a crash of PostgreSQL itself (not of this server) within its WAL writer's delay can
    /// lose it, and then the next identical delivery of that event is answered as a re-delivery
    /// (docs/webhook-redelivery.md), which is what a lost answer would have needed anyway.
    /// </summary>
    public async Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO OFF"));
        var mark = new NpgsqlBatchCommand(
            "UPDATE events SET answer_given = true WHERE reference_id = @reference_id AND call_version = @call_version AND NOT answer_given");
        mark.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        mark.Parameters.Add(new NpgsqlParameter<long>("call_version", callVersion));
        batch.BatchCommands.Add(mark);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The event stored with this body at <paramref name="callVersion"/> or, before <c>migrate --contract</c>,
    /// at an earlier one (the per-body constraint of the release before 0002 refused it then).
    /// </summary>
    private async Task<EventRecord?> FindEventAtVersionAsync(string referenceId, string bodyHash, long callVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {PostgresRows.StoredEventColumns} FROM events
            WHERE reference_id = @reference_id AND body_hash = @body_hash AND call_version <= @call_version
            ORDER BY call_version DESC, id DESC
            LIMIT 1
            """);
        command.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        command.Parameters.Add(PostgresRows.Text("body_hash", bodyHash));
        command.Parameters.Add(new NpgsqlParameter<long>("call_version", callVersion));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgresRows.ReadEvent(reader) : null;
    }

    public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken) =>
        CommitEventAsync(call, evt, [], cancellationToken);

    public async Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(outbox);
        if (evt.ReferenceId != call.ReferenceId)
        {
            throw new ArgumentException("The event belongs to another call.", nameof(evt));
        }

        bool eventInserted;
        await using (var command = dataSource.CreateCommand(PostgresRows.CommitEvent))
        {
            PostgresRows.AddCallParameters(command, call, call.Version + 1);
            PostgresRows.AddEventParameters(command, evt);
            command.Parameters.Add(new NpgsqlParameter<long>("expected_version", call.Version));
            PostgresRows.AddOutboxParameters(command, outbox);
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                eventInserted = reader.GetBoolean(0);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresRows.CallVersionConflict)
            {
                return CommitResult.Conflict;
            }
        }

        if (eventInserted)
        {
            return CommitResult.Committed;
        }

        return new CommitResult(CommitStatus.Duplicate, await FindEventAtVersionAsync(evt.ReferenceId, evt.BodyHash, call.Version, cancellationToken));
    }

    public async Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH moved AS (UPDATE dials SET reference_id = @reference_id WHERE reference_id = @placeholder)
            DELETE FROM calls WHERE reference_id = @placeholder
            """);
        command.Parameters.Add(PostgresRows.Text("placeholder", placeholderId));
        command.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE calls SET status = '{CallStatuses.Unknown}', updated_at = @updated_at, version = version + 1 WHERE reference_id = @placeholder AND status = '{CallStatuses.Dialing}'");
        command.Parameters.Add(PostgresRows.Text("placeholder", placeholderId));
        command.Parameters.Add(PostgresRows.Time("updated_at", at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var command = dataSource.CreateCommand(PostgresRows.InsertCall);
        PostgresRows.AddCallParameters(command, call, version: 1);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {PostgresRows.StoredEventColumns} FROM events WHERE reference_id = @reference_id ORDER BY id");
        command.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.ReadAllAsync(reader, PostgresRows.ReadEvent, cancellationToken);
    }

    public async Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hasCursor = CallCursor.TryDecode(query.Cursor, out var cursor);
        await using var command = dataSource.CreateCommand($"""
            SELECT {PostgresRows.CallColumns} FROM calls
            WHERE (@status IS NULL OR status = @status)
              AND (@created_from IS NULL OR created_at >= @created_from)
              AND (@created_before IS NULL OR created_at < @created_before)
              AND (@flow IS NULL OR flow = @flow)
              AND (@number IS NULL OR to_number = @number OR from_number = @number)
              AND (@external_id IS NULL OR external_id = @external_id)
              AND (@external_id_prefix IS NULL OR starts_with(external_id, @external_id_prefix))
              AND (@outcome IS NULL OR outcome = @outcome)
              AND (@after_created_at IS NULL OR (created_at, reference_id) < (@after_created_at, @after_reference_id))
            ORDER BY created_at DESC, reference_id DESC
            LIMIT @limit
            """);
        command.Parameters.Add(PostgresRows.Text("status", query.Status));
        command.Parameters.Add(PostgresRows.Time("created_from", query.CreatedFrom));
        command.Parameters.Add(PostgresRows.Time("created_before", query.CreatedBefore));
        command.Parameters.Add(PostgresRows.Text("flow", query.Flow));
        command.Parameters.Add(PostgresRows.Text("number", query.Number));
        command.Parameters.Add(PostgresRows.Text("external_id", query.ExternalId));
        command.Parameters.Add(PostgresRows.Text("external_id_prefix", query.ExternalIdPrefix));
        command.Parameters.Add(PostgresRows.Text("outcome", query.Outcome));
        command.Parameters.Add(new NpgsqlParameter("after_created_at", NpgsqlDbType.TimestampTz)
        {
            Value = hasCursor ? cursor.CreatedAt.ToUniversalTime() : DBNull.Value,
        });
        command.Parameters.Add(PostgresRows.Text("after_reference_id", hasCursor ? cursor.ReferenceId : null));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return CallPages.From(await StoredRows.ReadAllAsync(reader, PostgresRows.ReadCall, cancellationToken), query.Limit);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    // The records around the calls: dials, idempotency keys and retention.
    public async Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dial);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO dials (reference_id, external_id, requested_at, request_json, http_status, response_json, outcome)
            VALUES (@reference_id, @external_id, @requested_at, @request_json, @http_status, @response_json, @outcome)
            """);
        command.Parameters.Add(PostgresRows.Text("reference_id", dial.ReferenceId));
        command.Parameters.Add(PostgresRows.Text("external_id", dial.ExternalId));
        command.Parameters.Add(PostgresRows.Time("requested_at", dial.RequestedAt));
        command.Parameters.Add(PostgresRows.Text("request_json", dial.RequestJson));
        command.Parameters.Add(new NpgsqlParameter("http_status", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)dial.HttpStatus ?? DBNull.Value });
        command.Parameters.Add(PostgresRows.Text("response_json", dial.ResponseJson));
        command.Parameters.Add(PostgresRows.Text("outcome", dial.Outcome));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT reference_id, external_id, requested_at, request_json, http_status, response_json, outcome
            FROM dials WHERE reference_id = @reference_id ORDER BY id
            """);
        command.Parameters.Add(PostgresRows.Text("reference_id", referenceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.ReadAllAsync(reader, PostgresRows.ReadDial, cancellationToken);
    }

    public async Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using (var claim = dataSource.CreateCommand(
                "INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES (@key, @request_hash, @created_at) ON CONFLICT (key) DO NOTHING"))
            {
                claim.Parameters.Add(PostgresRows.Text("key", key));
                claim.Parameters.Add(PostgresRows.Text("request_hash", requestHash));
                claim.Parameters.Add(PostgresRows.Time("created_at", now));
                if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return null;
                }
            }

            // A separate statement: only a new snapshot is sure to see the row that won the key.
            await using var read = dataSource.CreateCommand(
                "SELECT request_hash, status_code, response_json, created_at FROM idempotency_keys WHERE key = @key");
            read.Parameters.Add(PostgresRows.Text("key", key));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new IdempotencyEntry(
                    key,
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetInt32(1),
                    PostgresRows.NullableString(reader, 2),
                    reader.GetFieldValue<DateTimeOffset>(3));
            }

            // Released between the two statements: try to claim it again.
        }
    }

    public async Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE idempotency_keys SET status_code = @status_code, response_json = @response_json WHERE key = @key");
        command.Parameters.Add(PostgresRows.Text("key", key));
        command.Parameters.Add(new NpgsqlParameter<int>("status_code", statusCode));
        command.Parameters.Add(PostgresRows.Text("response_json", responseJson));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE key = @key");
        command.Parameters.Add(PostgresRows.Text("key", key));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        // One statement, so the calls, their events and dials go together or not at all; calls another
        // instance is purging (or an event is updating) are skipped, not waited for.
        await using var command = dataSource.CreateCommand("""
            WITH batch AS (SELECT reference_id FROM calls WHERE created_at < @cutoff ORDER BY created_at LIMIT @limit FOR UPDATE SKIP LOCKED),
            gone AS (DELETE FROM calls WHERE reference_id IN (SELECT reference_id FROM batch) RETURNING reference_id),
            gone_events AS (DELETE FROM events WHERE reference_id IN (SELECT reference_id FROM gone)),
            gone_dials AS (DELETE FROM dials WHERE reference_id IN (SELECT reference_id FROM gone)
                OR id IN (SELECT id FROM dials WHERE requested_at < @cutoff LIMIT @limit)),
            gone_keys AS (DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE created_at < @cutoff LIMIT @limit))
            SELECT count(*)::int FROM gone
            """);
        command.Parameters.Add(PostgresRows.Time("cutoff", cutoff));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

using Npgsql;

namespace TelesignVoice.Storage.Postgres;

/// <summary>Dials, idempotency keys and retention: the records around the calls.</summary>
public sealed partial class PostgresCallStore
{
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

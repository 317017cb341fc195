using TelesignVoice.Calls;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>Dials, idempotency keys and retention: the records around the calls.</summary>
public sealed partial class SqliteCallStore
{
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

using Microsoft.Data.Sqlite;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>Dials, idempotency keys and retention: the records around the calls.</summary>
public sealed partial class SqliteCallStore
{
    public async Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dial);
        using var turn = await database.WaitForWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO dials (reference_id, external_id, requested_at, request_json, http_status, response_json, outcome)
            VALUES ($reference_id, $external_id, $requested_at, $request_json, $http_status, $response_json, $outcome)
            """;
        command.Parameters.AddWithValue("$reference_id", (object?)dial.ReferenceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$external_id", dial.ExternalId);
        command.Parameters.AddWithValue("$requested_at", SqliteDatabase.FormatTime(dial.RequestedAt));
        command.Parameters.AddWithValue("$request_json", dial.RequestJson);
        command.Parameters.AddWithValue("$http_status", (object?)dial.HttpStatus ?? DBNull.Value);
        command.Parameters.AddWithValue("$response_json", (object?)dial.ResponseJson ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", dial.Outcome);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT reference_id, external_id, requested_at, request_json, http_status, response_json, outcome
            FROM dials WHERE reference_id = $reference_id ORDER BY id
            """;
        command.Parameters.AddWithValue("$reference_id", referenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.ReadAllAsync(reader, SqliteRows.ReadDial, cancellationToken);
    }

    public async Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var turn = await database.WaitForWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One statement: the insert wins the key, or the existing row is returned instead.
        command.CommandText = """
            INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES ($key, $request_hash, $created_at)
            ON CONFLICT (key) DO NOTHING;
            SELECT request_hash, status_code, response_json, created_at FROM idempotency_keys
            WHERE key = $key AND changes() = 0;
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$request_hash", requestHash);
        command.Parameters.AddWithValue("$created_at", SqliteDatabase.FormatTime(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new IdempotencyEntry(
                key,
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                SqliteDatabase.ParseTime(reader.GetString(3)))
            : null;
    }

    public async Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken)
    {
        using var turn = await database.WaitForWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE idempotency_keys SET status_code = $status_code, response_json = $response_json WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$status_code", statusCode);
        command.Parameters.AddWithValue("$response_json", responseJson);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken)
    {
        using var turn = await database.WaitForWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        using var turn = await database.WaitForWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM events WHERE reference_id IN (SELECT reference_id FROM calls WHERE created_at < $cutoff);
            DELETE FROM dials WHERE requested_at < $cutoff
                OR reference_id IN (SELECT reference_id FROM calls WHERE created_at < $cutoff);
            DELETE FROM idempotency_keys WHERE created_at < $cutoff;
            DELETE FROM calls WHERE created_at < $cutoff;
            SELECT changes();
            """;
        command.Parameters.AddWithValue("$cutoff", SqliteDatabase.FormatTime(cutoff));
        var purged = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return purged;
    }
}

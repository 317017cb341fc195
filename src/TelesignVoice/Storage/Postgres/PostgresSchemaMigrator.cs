using Npgsql;

namespace TelesignVoice.Storage.Postgres;

/// <summary>
/// Applies the PostgreSQL scripts in one transaction holding an advisory lock, so instances starting
/// together migrate one after the other: the first applies the scripts, the others find them applied.
/// </summary>
public sealed class PostgresSchemaMigrator(NpgsqlDataSource dataSource) : ISchemaMigrator
{
    /// <summary>Any fixed number; it only has to be the same for every TelesignVoice instance.</summary>
    private const long MigrationLockId = 0x7E1E5161_0000_0001;

    public async Task<IReadOnlyList<MigrationScript>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var prepare = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@lock_id);
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer NOT NULL PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            connection,
            transaction))
        {
            prepare.Parameters.Add(new NpgsqlParameter<long>("lock_id", MigrationLockId));
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var ran = new List<MigrationScript>();
        foreach (var script in MigrationScript.For(StorageProvider.Postgres).Where(script => !applied.Contains(script.Version)))
        {
            await using (var apply = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int>("version", script.Version));
            record.Parameters.Add(PostgresRows.Text("name", script.Name));
            await record.ExecuteNonQueryAsync(cancellationToken);
            ran.Add(script);
        }

        await transaction.CommitAsync(cancellationToken);
        if (ran.Any(script => script.Version == 1))
        {
            // A database created just now: no instance of an older release can be using it.
            await ContractAsync(cancellationToken);
        }

        return ran;
    }

    /// <summary>Contract scripts are written to be applied again (IF EXISTS): all of them run, under the lock.</summary>
    public async Task<IReadOnlyList<MigrationScript>> ContractAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock_id)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long>("lock_id", MigrationLockId));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var scripts = MigrationScript.ContractFor(StorageProvider.Postgres);
        foreach (var script in scripts)
        {
            await using var apply = new NpgsqlCommand(script.Sql, connection, transaction);
            await apply.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return scripts;
    }
}

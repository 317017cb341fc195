namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// Applies the SQLite scripts in one <c>BEGIN IMMEDIATE</c> transaction (the database's write lock, so a
/// second process migrating the same file waits and then finds nothing to do), and turns on WAL.
/// </summary>
public sealed class SqliteSchemaMigrator(SqliteDatabase database) : ISchemaMigrator
{
    public async Task<IReadOnlyList<MigrationScript>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            // Stored in the file: every later connection, of this process or the next, uses WAL.
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER NOT NULL PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                )
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<long>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt64(0));
            }
        }

        var ran = new List<MigrationScript>();
        foreach (var script in MigrationScript.For(StorageProvider.Sqlite).Where(script => !applied.Contains(script.Version)))
        {
            await using var apply = connection.CreateCommand();
            apply.CommandText = script.Sql + ";\nINSERT INTO schema_migrations (version, name) VALUES ($version, $name);";
            apply.Parameters.AddWithValue("$version", script.Version);
            apply.Parameters.AddWithValue("$name", script.Name);
            await apply.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>
    /// The only contract script (0002) rebuilds the events table, so it runs only while the table still has
    /// the previous release's unique index on (reference_id, body_hash).
    /// </summary>
    public async Task<IReadOnlyList<MigrationScript>> ContractAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = """
                SELECT count(*) FROM pragma_index_list('events') AS l
                WHERE l."unique" = 1
                  AND (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) = 'reference_id,body_hash'
                """;
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }

        var scripts = MigrationScript.ContractFor(StorageProvider.Sqlite);
        foreach (var script in scripts)
        {
            await using var apply = connection.CreateCommand();
            apply.CommandText = script.Sql;
            await apply.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return scripts;
    }
}

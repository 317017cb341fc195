using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>
/// During a rolling upgrade instances of the release before 0002 (commit a35fce1) write to the database
/// the new release migrated: their event statements must keep working until <c>migrate --contract</c>.
/// </summary>
public sealed class RollingUpgradeTests : IDisposable
{
    private const string Time = "2026-01-31T08:00:00.0000000Z";

    // Copied from a35fce1, src/TelesignVoice/Storage/Sqlite/SqliteRows.cs (InsertEvent) and
    // SqliteCallStore.cs (FindEventAsync).
    private const string SqliteOldInsertEvent = """
        INSERT INTO events (reference_id, event_name, body_hash, body, received_at, action_json, action_method)
        VALUES ($event_reference_id, $event_name, $body_hash, $body, $received_at, $action_json, $action_method)
        ON CONFLICT (reference_id, body_hash) DO NOTHING
        """;

    private const string SqliteOldFindEvent =
        "SELECT reference_id, event_name, body_hash, body, received_at, action_json, action_method FROM events WHERE reference_id = $reference_id AND body_hash = $body_hash";

    // Copied from a35fce1, src/TelesignVoice/Storage/Postgres/PostgresRows.cs (the new_event part of
    // CommitEvent) and PostgresCallStore.cs (FindEventAsync).
    private const string PostgresOldInsertEvent = """
        INSERT INTO events (reference_id, event_name, body_hash, body, received_at, action_json, action_method)
        VALUES (@reference_id, @event_name, @body_hash, @body, @received_at, @action_json, @action_method)
        ON CONFLICT (reference_id, body_hash) DO NOTHING
        RETURNING 1
        """;

    private const string PostgresOldFindEvent =
        "SELECT reference_id, event_name, body_hash, body, received_at, action_json, action_method FROM events WHERE reference_id = @reference_id AND body_hash = @body_hash";

    private readonly TempFolder _folder = new();

    /// <summary>A database as the release before 0002 left it (a fresh one is contracted at once).</summary>
    private static async Task CreateReleaseOneSchemaAsync(DbConnection connection, StorageProvider provider)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = MigrationScript.For(provider).Single(script => script.Version == 1).Sql
            + ";\nCREATE TABLE schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL);"
            + "\nINSERT INTO schema_migrations (version, name) VALUES (1, '0001_initial');";
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_previous_releases_event_statements_work_on_sqlite_until_the_contract_step()
    {
        var connectionString = $"Data Source={_folder.File("rolling.db")}";
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await CreateReleaseOneSchemaAsync(connection, StorageProvider.Sqlite);
        await using var services = StoreServices.Build("Sqlite", connectionString, _folder.Path);
        await services.GetRequiredService<ISchemaMigrator>().MigrateAsync(default);

        await AssertRollingUpgradeAsync(services, connection, SqliteOldInsertEvent, SqliteOldFindEvent, "$", "$event_reference_id", time => time);
        Assert.Empty(await services.GetRequiredService<ISchemaMigrator>().ContractAsync(default));
    }

    [PostgresFact]
    public async Task The_previous_releases_event_statements_work_on_postgres_until_the_contract_step()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await CreateReleaseOneSchemaAsync(connection, StorageProvider.Postgres);
        await using var services = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);
        await services.GetRequiredService<ISchemaMigrator>().MigrateAsync(default);

        await AssertRollingUpgradeAsync(
            services, connection, PostgresOldInsertEvent, PostgresOldFindEvent, "@", "@reference_id",
            time => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture));
        // Applying it again changes nothing and fails nothing.
        await services.GetRequiredService<ISchemaMigrator>().ContractAsync(default);
    }

    private static async Task AssertRollingUpgradeAsync(
        ServiceProvider services, DbConnection connection, string oldInsert, string oldFind, string prefix, string referenceParameter,
        Func<string, object> time)
    {
        var store = services.GetRequiredService<ICallStore>();
        var migrator = services.GetRequiredService<ISchemaMigrator>();

        async Task<int> OldInsertAsync(string bodyHash, string action)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = oldInsert;
            Add(command, referenceParameter, "R-roll");
            Add(command, prefix + "event_name", "incoming_call");
            Add(command, prefix + "body_hash", bodyHash);
            Add(command, prefix + "body", "{}");
            Add(command, prefix + "received_at", time(Time));
            Add(command, prefix + "action_json", action);
            Add(command, prefix + "action_method", "speak");
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
            }

            return Math.Max(rows, reader.RecordsAffected);
        }

        // An old instance stores an event, and a re-delivery of it is its duplicate, not an error.
        Assert.Equal(1, await OldInsertAsync("h1", "action-old"));
        Assert.Equal(0, await OldInsertAsync("h1", "action-again"));
        await using (var find = connection.CreateCommand())
        {
            find.CommandText = oldFind;
            Add(find, prefix + "reference_id", "R-roll");
            Add(find, prefix + "body_hash", "h1");
            await using var reader = await find.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("action-old", reader.GetString(5));
        }

        // A new instance meanwhile: a new event commits; the old body again is a duplicate answered with its
        // stored action, as the old release would answer it.
        var received = DateTimeOffset.Parse(Time, CultureInfo.InvariantCulture);
        var call = new CallRecord { ReferenceId = "R-new", Direction = "inbound", Status = "in_progress", CreatedAt = received, UpdatedAt = received };
        var first = new EventRecord("R-new", "incoming_call", "h2", "{}", received, "action-new", "speak");
        Assert.Equal(CommitStatus.Committed, (await store.CommitEventAsync(call, first, default)).Status);
        var stored = (await store.FindCallAsync("R-new", default))!;
        var repeat = await store.CommitEventAsync(stored, first with { ActionJson = "action-repeat" }, default);
        Assert.Equal((CommitStatus.Duplicate, "action-new"), (repeat.Status, repeat.StoredEvent?.ActionJson));

        // After the contract step the same body at a later call version is a new event.
        Assert.NotEmpty(await migrator.ContractAsync(default));
        Assert.Equal(CommitStatus.Committed, (await store.CommitEventAsync(stored, first with { ActionJson = "action-repeat" }, default)).Status);
        Assert.Equal(["action-new", "action-repeat"], (await store.GetEventsAsync("R-new", default)).Select(e => e.ActionJson));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public void Dispose() => _folder.Dispose();
}

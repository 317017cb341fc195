using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>
/// A database left by a release that only had 0001_initial (events unique per body) migrates to
/// 0002: its events survive, and the same body may then be stored again at a later call version.
/// </summary>
public sealed class EventsUpgradeTests : IDisposable
{
    private const string Time = "2026-01-31T08:00:00.0000000Z";

    // As the 0001 migrator left it: the schema, its row in schema_migrations, and one call with two events.
    private const string SeedSql = $$"""
        CREATE TABLE schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL);
        INSERT INTO schema_migrations (version, name) VALUES (1, '0001_initial');
        INSERT INTO calls (reference_id, direction, attempts, variables, digits, status, created_at, updated_at, version)
        VALUES ('R-old', 'inbound', 1, '{}', '[]', 'in_progress', '{{Time}}', '{{Time}}', 2);
        INSERT INTO events (reference_id, event_name, body_hash, body, received_at, action_json, action_method)
        VALUES ('R-old', 'incoming_call', 'h1', '{}', '{{Time}}', 'action-1', 'speak'),
               ('R-old', 'speak_completed', 'h2', '{}', '{{Time}}', 'action-2', 'speak');
        """;

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_sqlite_database_created_by_0001_migrates_to_0002_keeping_its_events()
    {
        var connectionString = $"Data Source={_folder.File("release1.db")}";
        await using (var connection = new SqliteConnection(connectionString))
        {
            await SeedAsync(connection, StorageProvider.Sqlite);
        }

        await using var services = StoreServices.Build("Sqlite", connectionString, _folder.Path);
        await AssertUpgradesAsync(services);
    }

    [PostgresFact]
    public async Task A_postgres_database_created_by_0001_migrates_to_0002_keeping_its_events()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await SeedAsync(connection, StorageProvider.Postgres);
        }

        await using var services = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);
        await AssertUpgradesAsync(services);
    }

    private static async Task SeedAsync(DbConnection connection, StorageProvider provider)
    {
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = MigrationScript.For(provider).Single(script => script.Version == 1).Sql + ";\n" + SeedSql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task AssertUpgradesAsync(ServiceProvider services)
    {
        var migrator = services.GetRequiredService<ISchemaMigrator>();
        var store = services.GetRequiredService<ICallStore>();

        var applied = await migrator.MigrateAsync(default);

        // 0002 and every later script; only 0002 touches the events this test seeds.
        Assert.Equal(2, applied[0].Version);
        Assert.Equal(["action-1", "action-2"], (await store.GetEventsAsync("R-old", default)).Select(e => e.ActionJson));
        // 0003: events answered before the upgrade count as given; calls have no outcome or legs yet.
        Assert.All(await store.GetEventsAsync("R-old", default), e => Assert.True(e.AnswerGiven));
        Assert.Equal("action-2", (await store.FindCallAndEventAsync("R-old", "h2", default)).LatestWithSameBody?.ActionJson);
        // The repeat below needs the per-body constraint gone: the contract step, once no old instance is left.
        Assert.NotEmpty(await migrator.ContractAsync(default));

        var call = (await store.FindCallAsync("R-old", default))!;
        var repeat = new EventRecord("R-old", "speak_completed", "h2", "{}", DateTimeOffset.Parse(Time, CultureInfo.InvariantCulture), "action-3", "hangup");
        Assert.Equal(CommitStatus.Committed, (await store.CommitEventAsync(call with { Attempts = 2 }, repeat, default)).Status);
        var twin = await store.CommitEventAsync(call with { Attempts = 3 }, repeat with { ActionJson = "action-4" }, default);
        Assert.Equal((CommitStatus.Duplicate, "action-3"), (twin.Status, twin.StoredEvent?.ActionJson));
        var after = (await store.FindCallAsync("R-old", default))!;
        Assert.Equal((3L, 2), (after.Version, after.Attempts));
        Assert.Empty(await migrator.MigrateAsync(default));
    }

    public void Dispose() => _folder.Dispose();
}

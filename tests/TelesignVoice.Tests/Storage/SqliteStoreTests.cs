using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Storage;
using TelesignVoice.Storage.Sqlite;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_relative_data_source_is_created_under_the_content_root_with_its_folder()
    {
        await using var services = StoreServices.Build("Sqlite", "Data Source=data/nested/calls.db", _folder.Path);

        await services.MigratedStoreAsync();

        Assert.True(File.Exists(Path.Combine(_folder.Path, "data", "nested", "calls.db")));
        Assert.Equal(Path.Combine(_folder.Path, "data", "nested", "calls.db"), services.GetRequiredService<SqliteDatabase>().FilePath);
    }

    [Fact]
    public async Task Without_a_connection_string_the_default_file_is_data_telesignvoice_db()
    {
        await using var services = StoreServices.Build("Sqlite", null, _folder.Path);

        await services.MigratedStoreAsync();

        Assert.True(File.Exists(Path.Combine(_folder.Path, "data", "telesignvoice.db")));
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_synchronous_normal()
    {
        await using var services = StoreServices.Build("Sqlite", $"Data Source={_folder.File("wal.db")}", _folder.Path);
        await services.MigratedStoreAsync();

        await using var connection = await services.GetRequiredService<SqliteDatabase>().OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        var journal = (string?)await command.ExecuteScalarAsync();
        command.CommandText = "PRAGMA synchronous";
        var synchronous = (long?)await command.ExecuteScalarAsync();

        Assert.Equal(("wal", 1L), (journal, synchronous));
    }

    [Fact]
    public async Task Checkpoints_run_off_the_request_path_and_keep_the_wal_from_growing()
    {
        var file = _folder.File("checkpoints.db");
        await using var services = StoreServices.Build("Sqlite", $"Data Source={file}", _folder.Path);
        var store = await services.MigratedStoreAsync();
        var database = services.GetRequiredService<SqliteDatabase>();
        var padding = new string('x', 2000);

        // The store's own connection never checkpoints inside a commit.
        var inline = await database.ReadAsync(session => (long)session.Command("PRAGMA wal_autocheckpoint").ExecuteScalar()!, default);
        // About 8 MB of rows, twice what the default 1 000-page checkpoint would keep in the WAL, in rounds
        // the background checkpointer can see between.
        for (var round = 0; round < 8; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 400).Select(i => store.InsertCallAsync(new TelesignVoice.Calls.CallRecord
            {
                ReferenceId = $"checkpoint-{round}-{i}",
                Direction = "outbound",
                Status = "completed",
                Variables = new Dictionary<string, string> { ["padding"] = padding },
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            }, default)));
            await Task.Delay(SqliteCheckpointer.Interval * 3);
        }

        var walBytes = new FileInfo(file + "-wal").Length;
        var databaseBytes = new FileInfo(file).Length;
        Assert.Equal(0L, inline);
        // Checkpointed: the rows reached the database file, and the WAL was started over instead of growing.
        Assert.True(databaseBytes > 6_000_000, $"database file {databaseBytes} bytes");
        Assert.True(walBytes < 4_000_000, $"WAL {walBytes} bytes");
    }

    [Fact]
    public async Task Migrations_applied_twice_change_nothing_the_second_time()
    {
        var file = _folder.File("twice.db");
        await using var first = StoreServices.Build("Sqlite", $"Data Source={file}", _folder.Path);
        await using var second = StoreServices.Build("Sqlite", $"Data Source={file}", _folder.Path);

        var applied = await first.GetRequiredService<ISchemaMigrator>().MigrateAsync(default);
        var again = await second.GetRequiredService<ISchemaMigrator>().MigrateAsync(default);

        var every = MigrationScript.For(StorageProvider.Sqlite).Select(script => script.Version).ToList();
        Assert.Equal(every, applied.Select(script => script.Version));
        Assert.Empty(again);
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM schema_migrations";
        Assert.Equal((long)every.Count, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Ping_fails_on_a_database_that_was_never_migrated()
    {
        await using var services = StoreServices.Build("Sqlite", $"Data Source={_folder.File("empty.db")}", _folder.Path);
        var store = services.GetRequiredService<ICallStore>();

        var error = await Record.ExceptionAsync(() => store.PingAsync(default));

        Assert.IsType<SqliteException>(error);
    }

    public void Dispose() => _folder.Dispose();
}

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

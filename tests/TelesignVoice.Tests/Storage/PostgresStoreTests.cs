using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

public sealed class PostgresStoreTests
{
    [PostgresFact]
    public async Task Migrations_applied_twice_change_nothing_the_second_time()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var services = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);
        var migrator = services.GetRequiredService<ISchemaMigrator>();

        var applied = await migrator.MigrateAsync(default);
        var again = await migrator.MigrateAsync(default);

        var every = MigrationScript.For(StorageProvider.Postgres).Select(script => script.Version).ToList();
        Assert.Equal(every, applied.Select(script => script.Version));
        Assert.Empty(again);
        Assert.Equal((long)every.Count, await ScalarAsync(database.ConnectionString, "SELECT count(*) FROM schema_migrations"));
    }

    [PostgresFact]
    public async Task Two_instances_migrating_at_once_apply_each_script_once()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var first = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);
        await using var second = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);

        var results = await Task.WhenAll(
            first.GetRequiredService<ISchemaMigrator>().MigrateAsync(default),
            second.GetRequiredService<ISchemaMigrator>().MigrateAsync(default));

        var every = MigrationScript.For(StorageProvider.Postgres).Count;
        Assert.Equal(every, results.Sum(applied => applied.Count));
        Assert.Equal((long)every, await ScalarAsync(database.ConnectionString, "SELECT count(*) FROM schema_migrations"));
    }

    [PostgresFact]
    public async Task Ping_fails_on_a_database_that_was_never_migrated()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var services = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);

        var error = await Record.ExceptionAsync(() => services.GetRequiredService<ICallStore>().PingAsync(default));

        Assert.Equal(PostgresErrorCodes.UndefinedTable, Assert.IsType<PostgresException>(error).SqlState);
    }

    [Fact]
    public async Task Ping_fails_when_the_server_cannot_be_reached()
    {
        await using var services = StoreServices.Build("Postgres", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2", AppContext.BaseDirectory);

        var error = await Record.ExceptionAsync(() => services.GetRequiredService<ICallStore>().PingAsync(default));

        Assert.IsType<NpgsqlException>(error);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

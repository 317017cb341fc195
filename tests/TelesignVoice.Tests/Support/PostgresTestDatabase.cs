using Npgsql;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// A database of its own for one test class, named at random so classes running in parallel never meet,
/// and dropped afterwards. Does nothing where TELESIGNVOICE_TEST_POSTGRES is not set (the tests skip).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>A database for one test alone, dropped when disposed.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        return database;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private readonly string _name = $"telesignvoice_test_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not { Length: > 0 } server)
        {
            return;
        }

        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name }.ToString();
    }

    public async Task DisposeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not { Length: > 0 } server || ConnectionString.Length == 0)
        {
            return;
        }

        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Empties every table, so each test of a class starts from nothing.</summary>
    public async Task TruncateAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var truncate = new NpgsqlCommand(
            "TRUNCATE calls, events, dials, idempotency_keys, notifications, notification_callbacks", connection);
        await truncate.ExecuteNonQueryAsync();
    }
}

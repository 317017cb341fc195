using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// The SQLite file: its connection string with a relative path resolved against the content root (the
/// folder is created, so a fresh clone needs no setup), and connections opened per operation from
/// Microsoft.Data.Sqlite's pool with the per-connection settings applied.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>
    /// NORMAL is durable in WAL mode against a process crash (the kill test proves it); only a power loss
    /// can take back the last commits. busy_timeout makes a writer wait for another instead of failing.
    /// </summary>
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    private static readonly object Configured = new();

    /// <summary>
    /// One write transaction at a time inside this process. SQLite runs one writer and sends the others
    /// to its busy handler, which blocks a thread and sleeps whole milliseconds (1, 2, 5, 10… ms) for a
    /// lock held for microseconds. Queued here, writers wait without a thread and go as soon as the one
    /// before is done; busy_timeout still covers writers in other processes.
    /// </summary>
    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    /// <summary>The native connections (kept alive by the pool) that have had <see cref="ConnectionPragmas"/>.</summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    public SqliteDatabase(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var builder = new SqliteConnectionStringBuilder(
            options.Value.ConnectionString is { Length: > 0 } configured ? configured : StorageOptions.DefaultSqliteConnectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !builder.DataSource.StartsWith(':'))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, environment.ContentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        ConnectionString = builder.ToString();
        FilePath = builder.DataSource;
    }

    public string ConnectionString { get; }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Pooled connections keep their settings: set them once per physical connection, not once
            // per operation (that was two statements compiled and run for each of a webhook's three opens).
            if (!_configured.TryGetValue(connection.Handle!, out _))
            {
                using var pragmas = connection.CreateCommand();
                pragmas.CommandText = ConnectionPragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                _configured.AddOrUpdate(connection.Handle!, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for this process's turn to write; dispose the turn after the connection.</summary>
    public async Task<WriteTurn> WaitForWriteTurnAsync(CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken);
        return new WriteTurn(_writeTurn);
    }

    public void Dispose() => _writeTurn.Dispose();

    /// <summary>UTC with seven decimals: exact to the tick and ordered correctly as text.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>A writer's turn (<see cref="SqliteDatabase.WaitForWriteTurnAsync"/>); disposing it lets the next writer go.</summary>
public readonly struct WriteTurn(SemaphoreSlim turn) : IDisposable
{
    public void Dispose() => turn.Release();
}

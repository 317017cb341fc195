using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// The SQLite file: its connection string with a relative path resolved against the content root (the
/// folder is created, so a fresh clone needs no setup), and the one connection (<see cref="SqliteWorkQueue"/>)
/// that all of this process's reads and writes of calls go through.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// NORMAL is durable in WAL mode against a process crash (the kill test proves it); only a power loss
    /// can take back the last commits. busy_timeout makes a writer wait for another process's transaction
    /// instead of failing; this process's own writes never meet there, they queue in <see cref="SqliteWorkQueue"/>.
    /// </summary>
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    /// <summary>The store's connection leaves checkpoints to <see cref="SqliteCheckpointer"/>, off the request path.</summary>
    private const string QueueConnectionPragmas = ConnectionPragmas + " PRAGMA wal_autocheckpoint = 0;";

    private readonly SqliteWorkQueue _work;
    private readonly SqliteCheckpointer? _checkpointer;

    public SqliteDatabase(IOptions<StorageOptions> options, IHostEnvironment environment, ILogger<SqliteDatabase>? logger = null)
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
        // The queue keeps its one connection for the process's life, so a pool gives it nothing, and
        // after a failed transaction it must get a really new connection, not the same handle back.
        // Five seconds bound how long another process's write lock can hold up every read and write here.
        builder.Pooling = false;
        builder.DefaultTimeout = 5;
        var queueConnectionString = builder.ToString();
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource.StartsWith(':');
        if (!inMemory)
        {
            _checkpointer = new SqliteCheckpointer(queueConnectionString, (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }

        var checkpointer = _checkpointer;
        _work = new SqliteWorkQueue(
            () => new SqliteSession(Open(queueConnectionString, inMemory ? ConnectionPragmas : QueueConnectionPragmas)),
            checkpointer is null ? null : checkpointer.NoteCommit);
    }

    public string ConnectionString { get; }

    public string FilePath { get; }

    /// <summary>A connection of its own with the per-connection settings applied, for work outside the store's queue (migrations).</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Open(ConnectionString, ConnectionPragmas));
    }

    /// <summary>Runs <paramref name="read"/> on the store's connection, between transactions: it sees committed data only.</summary>
    public Task<T> ReadAsync<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken) =>
        _work.ReadAsync(read, cancellationToken);

    /// <summary>Runs <paramref name="write"/> in the next group transaction; completes once that has committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken) =>
        _work.WriteAsync(write, cancellationToken);

    /// <summary>For containers disposed synchronously; the writer has no context to deadlock on.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Runs the work already queued, then closes the connection; disposing twice is harmless.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }

        await _work.DisposeAsync().ConfigureAwait(false);
    }

    private static SqliteConnection Open(string connectionString, string pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>UTC with seven decimals: exact to the tick and ordered correctly as text.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

using Microsoft.Data.Sqlite;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// Moves WAL checkpoints off the request path. By default SQLite checkpoints inside the commit that takes
/// the WAL past 1 000 pages: that commit copies the pages into the database file and syncs both files
/// (several milliseconds), and every webhook queued behind it waits; at one call at a time that was the
/// request in a hundred that took 6 ms instead of 0.3 ms (docs/benchmarks.md). Here the store's own
/// connection never checkpoints (<c>wal_autocheckpoint = 0</c>) and this loop, on a connection of its own,
/// runs a PASSIVE checkpoint shortly after commits: PASSIVE never waits for, nor blocks, the writer, and
/// SQLite starts the WAL over once a checkpoint has caught up. Should it fall far behind (a reader held
/// an old snapshot), a RESTART checkpoint, which briefly waits for the writer, keeps the WAL bounded.
/// </summary>
internal sealed partial class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>How soon after a write the WAL is checkpointed: often enough that each checkpoint is small.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Frames left in the WAL after a passive checkpoint beyond which it must catch up (about 64 MB).</summary>
    private const long MaxFramesBehind = 16_384;

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _commitsSinceCheckpoint;
    private int _disposed;

    public SqliteCheckpointer(string connectionString, ILogger logger)
    {
        _connectionString = connectionString;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Called after every commit (not before: a checkpoint must see the frames it is cued for).</summary>
    public void NoteCommit() => Volatile.Write(ref _commitsSinceCheckpoint, 1);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(Interval, _stopping.Token).ConfigureAwait(false);
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0)
                {
                    continue;
                }

                try
                {
                    connection ??= OpenConnection();
                    if (Checkpoint(connection, "PASSIVE") > MaxFramesBehind)
                    {
                        Log.FellBehind(_logger, MaxFramesBehind);
                        Checkpoint(connection, "RESTART");
                    }
                }
#pragma warning disable CA1031 // A failed checkpoint is retried next round; the data stays safe in the WAL meanwhile.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    Log.Failed(_logger, exception);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: closing the last connection checkpoints what is left.
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs one checkpoint and returns the frames it could not copy yet.</summary>
    private static long Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? Math.Max(0, reader.GetInt64(1) - reader.GetInt64(2)) : 0;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "SQLite: the WAL is more than {Frames} frames behind; checkpointing it with RESTART (writes wait briefly)")]
        public static partial void FellBehind(ILogger logger, long frames);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "SQLite: a background checkpoint failed; it is tried again after the next write")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}

using System.Threading.Channels;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// Group commit. SQLite has one writer per file, and a commit costs far more than the statements in it
/// (the WAL frames for every page touched, the locks), so this process's writes queue here and one loop
/// runs all that are waiting in a single <c>BEGIN IMMEDIATE</c> transaction, each inside its own
/// savepoint. A write that throws is rolled back alone and its caller gets the exception; the others
/// commit. No caller hears back before the transaction holding its write has committed, so "durable
/// before the webhook answers" still holds; under load many answers share one commit.
/// </summary>
public sealed class SqliteWriteQueue : IAsyncDisposable
{
    /// <summary>Bounds one transaction, so a burst cannot keep the write lock from other processes for long.</summary>
    private const int MaxWritesPerTransaction = 256;

    private readonly Func<SqliteSession> _openSession;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Task _loop;
    private SqliteSession? _session;

    /// <param name="openSession">Opens the writer's connection; called again after a failed transaction.</param>
    public SqliteWriteQueue(Func<SqliteSession> openSession)
    {
        _openSession = openSession;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="write"/> in the next transaction and returns its result once that has committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(write, cancellationToken);
        return _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task
            : Task.FromException<T>(new ObjectDisposedException(nameof(SqliteWriteQueue), "The SQLite store is shutting down."));
    }

    public async ValueTask DisposeAsync()
    {
        // Writes already queued still run: the loop drains the queue before it ends.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _session?.Dispose();
        _session = null;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxWritesPerTransaction);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxWritesPerTransaction && _queue.Reader.TryRead(out var pending))
            {
                if (!pending.CancelIfRequested())
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                RunInOneTransaction(batch);
                batch.Clear();
            }
        }
    }

    private void RunInOneTransaction(List<PendingWrite> batch)
    {
        try
        {
            _session ??= _openSession();
            _session.Execute("BEGIN IMMEDIATE");
        }
        catch (Exception exception)
        {
            FailAll(batch, exception);
            return;
        }

        var succeeded = new List<PendingWrite>(batch.Count);
        try
        {
            foreach (var pending in batch)
            {
                _session.Execute("SAVEPOINT write");
                try
                {
                    pending.Run(_session);
                    _session.Execute("RELEASE write");
                    succeeded.Add(pending);
                }
#pragma warning disable CA1031 // One write's failure belongs to its caller; the others in the batch still commit.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    _session.Execute("ROLLBACK TO write");
                    _session.Execute("RELEASE write");
                    pending.Fail(exception);
                }
            }

            _session.Execute("COMMIT");
        }
        catch (Exception exception)
        {
            // The transaction itself failed (disk full, I/O error): nothing of it is kept.
            RollBackQuietly();
            FailAll(batch, exception);
            return;
        }

        foreach (var pending in succeeded)
        {
            pending.Complete();
        }
    }

    private void RollBackQuietly()
    {
        try
        {
            if (_session is { Connection.Handle: { } handle } && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
            {
                _session.Execute("ROLLBACK");
            }
        }
#pragma warning disable CA1031 // A connection that cannot even roll back is replaced below.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        // A fresh connection for the next transaction: this one may be in any state.
        _session?.Dispose();
        _session = null;
    }

    /// <summary>Fails every write not already answered (failing one twice is a no-op).</summary>
    private static void FailAll(List<PendingWrite> writes, Exception exception)
    {
        foreach (var pending in writes)
        {
            pending.Fail(exception);
        }
    }

    private abstract class PendingWrite
    {
        public abstract bool CancelIfRequested();

        public abstract void Run(SqliteSession session);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken) : PendingWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A write whose caller gave up before its turn is not run at all.</summary>
        public override bool CancelIfRequested() =>
            cancellationToken.IsCancellationRequested && Completion.TrySetCanceled(cancellationToken);

        public override void Run(SqliteSession session) => _result = write(session);

        public override void Complete() => Completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}

using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// All of this process's work on the SQLite file, on one connection and one loop.
/// <list type="bullet">
/// <item><b>Group commit.</b> SQLite has one writer per file, and a commit costs far more than the
/// statements in it (WAL frames for every page touched, locks), so the writes waiting together run in one
/// <c>BEGIN IMMEDIATE</c> transaction, each inside its own savepoint. A write that throws is rolled back
/// alone and its caller gets the exception; the others commit. No caller hears back before the
/// transaction holding its write has committed, so "durable before the webhook answers" still holds.</item>
/// <item><b>Reads on the same connection</b>, between transactions, so they see only committed data. In WAL
/// mode a connection drops its whole page cache whenever another connection has written; reading on the
/// writer's own connection keeps the cache warm, where a pool of readers re-read every page from the file.</item>
/// </list>
/// </summary>
public sealed class SqliteWorkQueue : IAsyncDisposable
{
    /// <summary>Bounds one transaction, so a burst cannot keep the write lock from other processes for long.</summary>
    private const int MaxWritesPerTransaction = 256;

    private readonly Func<SqliteSession> _openSession;
    private readonly Action? _committed;
    private readonly Channel<PendingWork> _queue = Channel.CreateUnbounded<PendingWork>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Task _loop;
    private SqliteSession? _session;

    /// <param name="openSession">Opens the connection; called again after a failed transaction.</param>
    /// <param name="committed">Called on the loop after each transaction that committed (the checkpointer's cue).</param>
    public SqliteWorkQueue(Func<SqliteSession> openSession, Action? committed = null)
    {
        _openSession = openSession;
        _committed = committed;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="read"/> outside any transaction; it must not write.</summary>
    public Task<T> ReadAsync<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken) =>
        Enqueue(new PendingWork<T>(read, isWrite: false, cancellationToken));

    /// <summary>Runs <paramref name="write"/> in the next transaction and returns its result once that has committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken) =>
        Enqueue(new PendingWork<T>(write, isWrite: true, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        // Work already queued still runs: the loop drains the queue before it ends.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _session?.Dispose();
        _session = null;
    }

    private Task<T> Enqueue<T>(PendingWork<T> pending) =>
        _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task
            : Task.FromException<T>(new ObjectDisposedException(nameof(SqliteWorkQueue), "The SQLite store is shutting down."));

    private async Task RunAsync()
    {
        var reads = new List<PendingWork>();
        var writes = new List<PendingWork>(MaxWritesPerTransaction);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (writes.Count < MaxWritesPerTransaction && _queue.Reader.TryRead(out var pending))
            {
                if (!pending.CancelIfRequested())
                {
                    (pending.IsWrite ? writes : reads).Add(pending);
                }
            }

            // Reads and writes queued together come from concurrent requests, so either order is correct.
            try
            {
                RunReads(reads);
                RunInOneTransaction(writes);
            }
#pragma warning disable CA1031 // The loop must outlive any failure, or every later caller would wait forever.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                RollBackQuietly();
                FailAll(reads, exception);
                FailAll(writes, exception);
            }

            reads.Clear();
            writes.Clear();
        }
    }

    private void RunReads(List<PendingWork> reads)
    {
        if (reads.Count == 0)
        {
            return;
        }

        try
        {
            _session ??= _openSession();
        }
        catch (Exception exception)
        {
            FailAll(reads, exception);
            return;
        }

        foreach (var pending in reads)
        {
            try
            {
                pending.Run(_session);
                pending.Complete();
            }
#pragma warning disable CA1031 // One read's failure belongs to its caller.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                pending.Fail(exception);
            }
        }
    }

    private void RunInOneTransaction(List<PendingWork> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            _session ??= _openSession();
            _session.Execute("BEGIN IMMEDIATE");
        }
        catch (Exception exception)
        {
            // Another process kept the write lock past the timeouts, or the connection is broken.
            RollBackQuietly();
            FailAll(batch, exception);
            return;
        }

        var succeeded = new List<PendingWork>(batch.Count);
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
                    if (!TryRollBackToSavepoint())
                    {
                        // SQLite ended the whole transaction itself (disk full, I/O error, out of
                        // memory): every write of it fails, with this error rather than the savepoint's.
                        ExceptionDispatchInfo.Throw(exception);
                    }

                    pending.Fail(exception);
                }
            }

            _session.Execute("COMMIT");
            _committed?.Invoke();
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

    private bool TryRollBackToSavepoint()
    {
        try
        {
            _session!.Execute("ROLLBACK TO write");
            _session.Execute("RELEASE write");
            return true;
        }
#pragma warning disable CA1031 // The caller reports the error that made the rollback necessary.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
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

        // A fresh connection for the next transaction: this one may be in any state. (It is opened
        // without pooling, so disposing it really closes it; a pooled handle would come back as it was.)
        var broken = _session;
        _session = null;
        try
        {
            broken?.Dispose();
        }
#pragma warning disable CA1031 // Closing a broken connection may fail too; the next work opens a new one.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Fails every write not already answered (failing one twice is a no-op).</summary>
    private static void FailAll(List<PendingWork> work, Exception exception)
    {
        foreach (var pending in work)
        {
            pending.Fail(exception);
        }
    }

    private abstract class PendingWork(bool isWrite)
    {
        public bool IsWrite => isWrite;

        public abstract bool CancelIfRequested();

        public abstract void Run(SqliteSession session);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWork<T>(Func<SqliteSession, T> work, bool isWrite, CancellationToken cancellationToken) : PendingWork(isWrite)
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Work whose caller gave up before its turn is not run at all.</summary>
        public override bool CancelIfRequested() =>
            cancellationToken.IsCancellationRequested && Completion.TrySetCanceled(cancellationToken);

        public override void Run(SqliteSession session) => _result = work(session);

        public override void Complete() => Completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}

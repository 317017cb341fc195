using Microsoft.Data.Sqlite;
using TelesignVoice.Storage.Sqlite;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>
/// One connection for reads and writes: writes waiting together share one transaction, each in its own
/// savepoint, and reads run between transactions. A first write
/// that holds the loop on a gate makes the next ones queue up, so which writes share a transaction is
/// known; a commit hook on the writer's connection counts the transactions.
/// </summary>
public sealed class SqliteWorkQueueTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ManualResetEventSlim _gate = new();
    private int _commits;
    private int _opens;
    private SqliteWorkQueue _queue = null!;

    public Task InitializeAsync()
    {
        using var setup = Open();
        using var create = setup.CreateCommand();
        create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE notes (name TEXT NOT NULL PRIMARY KEY)";
        create.ExecuteNonQuery();

        _queue = new SqliteWorkQueue(() =>
        {
            Interlocked.Increment(ref _opens);
            var connection = Open();
            SQLitePCL.raw.sqlite3_commit_hook(connection.Handle, _ => { Interlocked.Increment(ref _commits); return 0; }, null);
            return new SqliteSession(connection);
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _gate.Set();
        await _queue.DisposeAsync();
        _gate.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Writes_waiting_together_commit_in_one_transaction_and_each_gets_its_own_result()
    {
        var blocker = HoldTheLoop();
        var writes = Enumerable.Range(1, 20).Select(i => _queue.WriteAsync(session => Insert(session, $"note-{i}"), default)).ToList();

        _gate.Set();
        await blocker;
        var results = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Repeat(1, 20), results);
        Assert.Equal(2, _commits);
        Assert.Equal(21, CountNotes());
    }

    [Fact]
    public async Task Reads_run_between_transactions_and_see_only_committed_writes()
    {
        var blocker = HoldTheLoop();
        var write = _queue.WriteAsync(session => Insert(session, "queued"), default);
        var reads = Enumerable.Range(1, 5).Select(_ => _queue.ReadAsync(CountNotesOn, default)).ToList();

        _gate.Set();
        await blocker;
        await write;
        var seen = await Task.WhenAll(reads);

        Assert.Equal(Enumerable.Repeat(1L, 5), seen);
        Assert.Equal(2L, await _queue.ReadAsync(CountNotesOn, default));
        Assert.Equal(2, _commits);
    }

    [Fact]
    public async Task A_write_that_throws_is_rolled_back_alone_and_its_caller_gets_the_exception()
    {
        var blocker = HoldTheLoop();
        var before = _queue.WriteAsync(session => Insert(session, "before"), default);
        var failing = _queue.WriteAsync<int>(
            session =>
            {
                Insert(session, "half-done");
                throw new InvalidOperationException("the caller's own failure");
            },
            default);
        var after = _queue.WriteAsync(session => Insert(session, "after"), default);

        _gate.Set();
        await blocker;

        Assert.Equal((1, 1), (await before, await after));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("the caller's own failure", error.Message);
        Assert.Equal(["after", "before", "held"], Notes());
    }

    [Fact]
    public async Task A_write_whose_caller_gave_up_before_its_turn_is_not_run()
    {
        using var cancelled = new CancellationTokenSource();
        var blocker = HoldTheLoop();
        var abandoned = _queue.WriteAsync(session => Insert(session, "abandoned"), cancelled.Token);
        var kept = _queue.WriteAsync(session => Insert(session, "kept"), default);

        await cancelled.CancelAsync();
        _gate.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(1, await kept);
        Assert.Equal(["held", "kept"], Notes());
    }

    [Fact]
    public async Task A_transaction_that_fails_fails_all_its_writes_and_the_next_one_starts_on_a_fresh_connection()
    {
        var blocker = HoldTheLoop();
        var first = _queue.WriteAsync(session => Insert(session, "lost-1"), default);
        // Ending the transaction under the queue makes its savepoint and commit fail.
        var rogue = _queue.WriteAsync(session => session.Execute("ROLLBACK"), default);
        var second = _queue.WriteAsync(session => Insert(session, "lost-2"), default);

        _gate.Set();
        Assert.Equal(1, await blocker);
        await Assert.ThrowsAsync<SqliteException>(() => first);
        await Assert.ThrowsAsync<SqliteException>(() => rogue);
        await Assert.ThrowsAsync<SqliteException>(() => second);

        Assert.Equal(1, await _queue.WriteAsync(session => Insert(session, "later"), default));
        Assert.Equal(["held", "later"], Notes());
        Assert.Equal(2, _opens);
    }

    [Fact]
    public async Task When_sqlite_ends_the_transaction_itself_every_write_of_it_fails_with_the_error_that_ended_it()
    {
        var blocker = HoldTheLoop();
        var first = _queue.WriteAsync(session => Insert(session, "lost"), default);
        // What SQLite does on a full disk or an I/O error: the whole transaction is gone, then the error.
        var failing = _queue.WriteAsync<int>(
            session =>
            {
                session.Execute("ROLLBACK");
                throw new InvalidOperationException("database or disk is full");
            },
            default);

        _gate.Set();
        await blocker;

        Assert.Equal("database or disk is full", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        Assert.Equal("database or disk is full", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(["held"], Notes());
    }

    [Fact]
    public async Task Disposing_the_queue_runs_the_work_already_queued()
    {
        var blocker = HoldTheLoop();
        var queued = Enumerable.Range(1, 5).Select(i => _queue.WriteAsync(session => Insert(session, $"queued-{i}"), default)).ToList();

        _gate.Set();
        await _queue.DisposeAsync();

        Assert.True(blocker.IsCompletedSuccessfully);
        Assert.All(queued, write => Assert.Equal(1, write.Result));
        Assert.Equal(6, CountNotes());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _queue.WriteAsync(session => Insert(session, "too-late"), default));
    }

    /// <summary>A first write that keeps the loop busy until the gate opens, so the writes after it queue up.</summary>
    private Task<int> HoldTheLoop()
    {
        using var started = new ManualResetEventSlim();
        var held = _queue.WriteAsync(
            session =>
            {
                started.Set();
                _gate.Wait(TimeSpan.FromSeconds(30));
                return Insert(session, "held");
            },
            default);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the write queue never ran the first write");
        return held;
    }

    private static int Insert(SqliteSession session, string name)
    {
        var command = session.Command("INSERT INTO notes (name) VALUES ($name)");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery();
    }

    private long CountNotes() => Notes().Count;

    private static long CountNotesOn(SqliteSession session) => (long)session.Command("SELECT count(*) FROM notes").ExecuteScalar()!;

    private List<string> Notes()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM notes ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_folder.File("queue.db")}");
        connection.Open();
        return connection;
    }
}

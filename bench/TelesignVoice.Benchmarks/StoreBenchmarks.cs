using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Storage.Sqlite;
using TelesignVoice.Telesign;

namespace TelesignVoice.Benchmarks;

/// <summary>
/// The store work of one webhook event on a call in progress, as WebhookProcessor does it: is this body
/// known, read the call, commit the event with the call's new state. One thread, so this is the store's
/// own cost; the load test adds concurrency.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes it in [GlobalCleanup].")]
public class StoreBenchmarks
{
    private const int Calls = 1024;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "telesignvoice-bench-" + Guid.NewGuid().ToString("N"));
    private ICallStore _store = null!;
    private SqliteDatabase? _database;
    private long _next;

    [Params("InMemory", "Sqlite")]
    public string Store { get; set; } = "InMemory";

    [GlobalSetup]
    public void Setup()
    {
        if (Store == "Sqlite")
        {
            Directory.CreateDirectory(_folder);
            var database = _database = new SqliteDatabase(
                Options.Create(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "Data Source=calls.db" }),
                new BenchEnvironment(_folder));
            new SqliteSchemaMigrator(database).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            _store = new SqliteCallStore(database);
        }
        else
        {
            _store = new InMemoryCallStore();
        }

        for (var i = 0; i < Calls; i++)
        {
            _store.InsertCallAsync(NewCall(i), CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Benchmark(Description = "find call and event + commit")]
    public async Task<CommitStatus> OneEvent()
    {
        var n = _next++;
        var referenceId = ReferenceId((int)(n % Calls));
        var hash = n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        var (call, _) = await _store.FindCallAndEventAsync(referenceId, hash, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var evt = new EventRecord(referenceId, "speak_completed", hash, """{"event":"speak_completed"}""", now,
            """{"jsonrpc":"2.0","method":"hangup","params":{}}""", "hangup");
        var result = await _store.CommitEventAsync(call! with { UpdatedAt = now, Attempts = call.Attempts + 1 }, evt, CancellationToken.None);
        return result.Status;
    }

    private static string ReferenceId(int i) => $"BENCH{i:D27}";

    private static CallRecord NewCall(int i) => new()
    {
        ReferenceId = ReferenceId(i),
        Direction = TelesignDirections.Inbound,
        To = "15558675309",
        From = "15555551212",
        Flow = "support-menu",
        Step = "menu",
        Status = CallStatuses.InProgress,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private sealed class BenchEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "TelesignVoice.Benchmarks";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;

namespace TelesignVoice.Tests.Storage;

public sealed class RetentionServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Old_calls_are_purged_at_start_and_again_at_every_sweep_interval()
    {
        var time = new FakeTimeProvider(Now);
        var store = new PurgeWatchingStore();
        await store.InsertCallAsync(Call("ancient", Now.AddDays(-10)), default);
        await store.InsertCallAsync(Call("ageing", Now.AddDays(-6.5)), default);
        await store.InsertCallAsync(Call("fresh", Now.AddDays(-1)), default);
        using var service = new RetentionService(store, Options(7, TimeSpan.FromDays(1)), time, NullLogger<RetentionService>.Instance);

        await service.StartAsync(default);
        var firstCutoff = await store.NextPurgeAsync();
        var afterFirst = await RemainingAsync(store);
        time.Advance(TimeSpan.FromDays(1));
        var secondCutoff = await store.NextPurgeAsync();
        var afterSecond = await RemainingAsync(store);
        await service.StopAsync(default);

        Assert.Equal(Now.AddDays(-7), firstCutoff);
        Assert.Equal(["fresh", "ageing"], afterFirst);
        Assert.Equal(Now.AddDays(-6), secondCutoff);
        Assert.Equal(["fresh"], afterSecond);
    }

    [Fact]
    public async Task Without_retention_days_nothing_is_ever_purged()
    {
        var time = new FakeTimeProvider(Now);
        var store = new PurgeWatchingStore();
        await store.InsertCallAsync(Call("ancient", Now.AddYears(-3)), default);
        using var service = new RetentionService(store, Options(0, TimeSpan.FromHours(1)), time, NullLogger<RetentionService>.Instance);

        await service.StartAsync(default);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromDays(30));
        await service.StopAsync(default);

        Assert.Equal(0, store.PurgeCount);
        Assert.Equal(["ancient"], await RemainingAsync(store));
    }

    [Fact]
    public async Task A_sweep_purges_in_small_batches_pausing_between_them_until_nothing_is_left()
    {
        var time = new FakeTimeProvider(Now);
        var store = new PurgeWatchingStore();
        for (var i = 0; i < (RetentionService.BatchSize * 2) + 10; i++)
        {
            await store.InsertCallAsync(Call($"old-{i}", Now.AddDays(-40).AddMinutes(i)), default);
        }

        await store.InsertCallAsync(Call("fresh", Now.AddDays(-1)), default);
        using var service = new RetentionService(store, Options(30, TimeSpan.FromDays(1)), time, NullLogger<RetentionService>.Instance);

        var sweep = service.SweepAsync(30, default);
        while (!sweep.IsCompleted)
        {
            await store.NextPurgeAsync();
            time.Advance(RetentionService.BatchPause);
        }

        Assert.Equal((RetentionService.BatchSize * 2) + 10, await sweep);
        Assert.Equal(3, store.PurgeCount);
        Assert.Equal(["fresh"], await RemainingAsync(store));
    }

    [Fact]
    public void Retention_is_on_by_default_for_thirty_days()
    {
        Assert.Equal(30, new StorageOptions().RetentionDays);
    }

    private static IOptions<StorageOptions> Options(int days, TimeSpan interval) =>
        Microsoft.Extensions.Options.Options.Create(new StorageOptions { RetentionDays = days, RetentionSweepInterval = interval });

    private static CallRecord Call(string referenceId, DateTimeOffset createdAt) => new()
    {
        ReferenceId = referenceId,
        Direction = TelesignDirections.Outbound,
        Status = CallStatuses.Completed,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    private static async Task<IEnumerable<string>> RemainingAsync(ICallStore store) =>
        (await store.ListCallsAsync(new CallQuery(null, 10, null), default)).Calls.Select(call => call.ReferenceId);

    /// <summary>The in-memory store, telling the test each time a purge has finished and with which cutoff.</summary>
    private sealed class PurgeWatchingStore : ICallStore
    {
        private readonly InMemoryCallStore _inner = new();
        private readonly Channel<DateTimeOffset> _purges = Channel.CreateUnbounded<DateTimeOffset>();

        public int PurgeCount { get; private set; }

        public Task<DateTimeOffset> NextPurgeAsync() => _purges.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        public async Task<int> PurgeCallsCreatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
        {
            var purged = await _inner.PurgeCallsCreatedBeforeAsync(cutoff, limit, cancellationToken);
            PurgeCount++;
            _purges.Writer.TryWrite(cutoff);
            return purged;
        }

        public Task<CallRecord?> FindCallAsync(string referenceId, CancellationToken cancellationToken) => _inner.FindCallAsync(referenceId, cancellationToken);

        public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, CancellationToken cancellationToken) => _inner.FindCallAndEventAsync(referenceId, bodyHash, cancellationToken);

        public Task<CallAndEvent> FindCallAndEventAsync(string referenceId, string bodyHash, string plainBodyHash, CancellationToken cancellationToken) => _inner.FindCallAndEventAsync(referenceId, bodyHash, plainBodyHash, cancellationToken);

        public Task<CommitResult> CommitEventAsync(CallRecord call, EventRecord evt, CancellationToken cancellationToken) => _inner.CommitEventAsync(call, evt, cancellationToken);

        public Task MarkAnswerGivenAsync(string referenceId, long callVersion, CancellationToken cancellationToken) => _inner.MarkAnswerGivenAsync(referenceId, callVersion, cancellationToken);

        public Task<bool> InsertCallAsync(CallRecord call, CancellationToken cancellationToken) => _inner.InsertCallAsync(call, cancellationToken);

        public Task<IReadOnlyList<EventRecord>> GetEventsAsync(string referenceId, CancellationToken cancellationToken) => _inner.GetEventsAsync(referenceId, cancellationToken);

        public Task<CallPage> ListCallsAsync(CallQuery query, CancellationToken cancellationToken) => _inner.ListCallsAsync(query, cancellationToken);

        public Task RecordDialAsync(DialRecord dial, CancellationToken cancellationToken) => _inner.RecordDialAsync(dial, cancellationToken);

        public Task<IReadOnlyList<DialRecord>> GetDialsAsync(string referenceId, CancellationToken cancellationToken) => _inner.GetDialsAsync(referenceId, cancellationToken);

        public Task<IdempotencyEntry?> ClaimIdempotencyKeyAsync(string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken) =>
            _inner.ClaimIdempotencyKeyAsync(key, requestHash, now, cancellationToken);

        public Task CompleteIdempotencyKeyAsync(string key, int statusCode, string responseJson, CancellationToken cancellationToken) =>
            _inner.CompleteIdempotencyKeyAsync(key, statusCode, responseJson, cancellationToken);

        public Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken) => _inner.ReleaseIdempotencyKeyAsync(key, cancellationToken);

        public Task ForgetPlaceholderAsync(string placeholderId, string referenceId, CancellationToken cancellationToken) =>
            _inner.ForgetPlaceholderAsync(placeholderId, referenceId, cancellationToken);

        public Task MarkDialOutcomeUnknownAsync(string placeholderId, DateTimeOffset at, CancellationToken cancellationToken) =>
            _inner.MarkDialOutcomeUnknownAsync(placeholderId, at, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => _inner.PingAsync(cancellationToken);
    }
}

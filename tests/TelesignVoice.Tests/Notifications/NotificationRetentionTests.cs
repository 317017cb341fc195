using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Notifications;
using TelesignVoice.Storage;

namespace TelesignVoice.Tests.Notifications;

/// <summary>The outbox purge: finished notifications older than Notifications:RetentionDays go, at start and every sweep interval.</summary>
public sealed class NotificationRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Message(string key, DateTimeOffset createdAt) =>
        new(OutboxMessage.NewId(), NotificationEventTypes.CallCompleted, "crm", "https://crm.example.com/hooks", key, "{}", createdAt);

    /// <summary>Enqueues a notification created at <paramref name="createdAt"/> and records it delivered at once.</summary>
    private static async Task<string> DeliveredAsync(InMemoryCallStore store, string key, DateTimeOffset createdAt)
    {
        var message = Message(key, createdAt);
        await store.EnqueueAsync([message], default);
        await store.ClaimDueAsync(createdAt, "test", createdAt.AddMinutes(1), 100, default);
        Assert.True(await store.RecordAttemptAsync(new NotificationAttempt(message.Id, "test", NotificationStates.Delivered, createdAt, createdAt, null, 204), default));
        return message.Id;
    }

    private static NotificationRetention Retention(InMemoryCallStore store, FakeTimeProvider time, int days, TimeSpan interval) =>
        new(store,
            Microsoft.Extensions.Options.Options.Create(new NotificationOptions { RetentionDays = days }),
            Microsoft.Extensions.Options.Options.Create(new StorageOptions { RetentionSweepInterval = interval }),
            time,
            NullLogger<NotificationRetention>.Instance);

    private static async Task<List<string>> RemainingAsync(InMemoryCallStore store) =>
        [.. (await store.ListNotificationsAsync(new NotificationQuery(null, 100, null), default)).Notifications.Select(n => n.Message.OrderingKey)];

    /// <summary>Waits, in real time, until the background sweep has brought the outbox to <paramref name="expected"/>.</summary>
    private static async Task<List<string>> WaitForAsync(InMemoryCallStore store, List<string> expected)
    {
        for (var i = 0; i < 200 && !(await RemainingAsync(store)).SequenceEqual(expected); i++)
        {
            await Task.Delay(25);
        }

        return await RemainingAsync(store);
    }

    [Fact]
    public async Task Finished_notifications_are_purged_at_start_and_at_every_sweep_while_pending_ones_stay()
    {
        var time = new FakeTimeProvider(Now);
        var store = new InMemoryCallStore();
        await DeliveredAsync(store, "delivered-10-days-ago", Now.AddDays(-10));
        await DeliveredAsync(store, "delivered-6.5-days-ago", Now.AddDays(-6.5));
        await DeliveredAsync(store, "delivered-today", Now.AddHours(-1));
        await store.EnqueueAsync([Message("pending-30-days", Now.AddDays(-30))], default);
        using var retention = Retention(store, time, days: 7, interval: TimeSpan.FromDays(1));

        await retention.StartAsync(default);
        var afterStart = await WaitForAsync(store, ["pending-30-days", "delivered-today", "delivered-6.5-days-ago"]);
        time.Advance(TimeSpan.FromDays(1));
        var afterADay = await WaitForAsync(store, ["pending-30-days", "delivered-today"]);
        await retention.StopAsync(default);

        Assert.Equal(["pending-30-days", "delivered-today", "delivered-6.5-days-ago"], afterStart);
        Assert.Equal(["pending-30-days", "delivered-today"], afterADay);
    }

    [Fact]
    public async Task A_sweep_purges_in_batches_pausing_between_them()
    {
        var time = new FakeTimeProvider(Now);
        var store = new InMemoryCallStore();
        for (var i = 0; i < RetentionService.BatchSize + 5; i++)
        {
            await DeliveredAsync(store, $"old-{i}", Now.AddDays(-20));
        }

        using var retention = Retention(store, time, days: 7, interval: TimeSpan.FromDays(1));
        var sweep = retention.SweepAsync(7, default);
        var afterFirstBatch = await RemainingAsync(store);
        for (var i = 0; i < 200 && !sweep.IsCompleted; i++)
        {
            time.Advance(RetentionService.BatchPause);
            await Task.Delay(10);
        }

        Assert.Equal(5, afterFirstBatch.Count);
        Assert.Equal(RetentionService.BatchSize + 5, await sweep);
        Assert.Empty(await RemainingAsync(store));
    }

    [Fact]
    public async Task With_retention_days_0_nothing_is_purged()
    {
        var time = new FakeTimeProvider(Now);
        var store = new InMemoryCallStore();
        await DeliveredAsync(store, "ancient", Now.AddYears(-2));
        using var retention = Retention(store, time, days: 0, interval: TimeSpan.FromHours(1));

        await retention.StartAsync(default);
        await retention.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromDays(3));
        await retention.StopAsync(default);

        Assert.Equal(["ancient"], await RemainingAsync(store));
        Assert.Equal(7, new NotificationOptions().RetentionDays);
    }
}

using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>
/// The server as a real process: killed with SIGKILL after the event committed and before the receiver
/// took the notification, and two processes sharing one PostgreSQL outbox.
/// </summary>
public sealed class NotificationProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_notification_committed_before_a_sigkill_is_delivered_after_the_restart_under_one_webhook_id()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        receiver.FailuresLeft = int.MaxValue;
        var settings = Settings(receiver, "Sqlite", $"Data Source={_folder.File("calls.db")}");

        await using (var first = AppProcess.StartServer(settings))
        {
            await first.WaitUntilReadyAsync();
            await first.PostEventAsync(CallEvents.IncomingCall("KILL0000000000000000000000000001"));
            await first.PostEventAsync(CallEvents.CallCompleted("KILL0000000000000000000000000001"));
            // The receiver refuses it: committed, not delivered, when the process dies.
            await receiver.WaitForAsync(all => all.Count >= 1);
            first.Kill();
        }

        receiver.FailuresLeft = 0;
        await using (var second = AppProcess.StartServer(settings))
        {
            await second.WaitUntilReadyAsync();
            await receiver.WaitForAsync(all => all.Any(r => r.AnsweredStatus == 204), TimeSpan.FromSeconds(60));
            await Task.Delay(500);
        }

        var received = receiver.Received;
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.Single(received, r => r.AnsweredStatus == 204);
        Assert.All(received, r => Assert.Equal("call.completed", r.Type));
        Assert.All(received, r => Assert.True(r.Verified));
    }

    [PostgresFact]
    public async Task Two_instances_on_one_postgres_deliver_each_notification_once()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        var settings = Settings(receiver, "Postgres", database.ConnectionString);
        await using var a = AppProcess.StartServer(settings);
        await using var b = AppProcess.StartServer(settings);
        await Task.WhenAll(a.WaitUntilReadyAsync(), b.WaitUntilReadyAsync());

        const int Calls = 24;
        var references = Enumerable.Range(0, Calls).Select(i => $"PGOUT{i:D27}").ToList();
        // Each call starts (incoming_call) before it ends: an event for a call never started is an unknown call, which notifies nobody.
        await Task.WhenAll(references.Select(async (reference, i) =>
        {
            var server = i % 2 == 0 ? a : b;
            await server.PostEventAsync(CallEvents.IncomingCall(reference));
            await server.PostEventAsync(CallEvents.CallCompleted(reference));
        }));

        var received = await receiver.WaitForAsync(all => all.Count >= Calls, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);

        received = receiver.Received;
        Assert.Equal(Calls, received.Count);
        Assert.Equal(Calls, received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(
            references.Order(StringComparer.Ordinal),
            received.Select(r => r.Json.GetProperty("data").GetProperty("reference_id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(received, r => Assert.Equal(204, r.AnsweredStatus));
    }

    private static Dictionary<string, string> Settings(NotificationReceiver receiver, string provider, string connectionString) => new(StringComparer.Ordinal)
    {
        ["Storage__Provider"] = provider,
        ["Storage__ConnectionString"] = connectionString,
        ["Notifications__Endpoints__booking__Url"] = receiver.Url,
        ["Notifications__Endpoints__booking__Secret"] = NotificationReceiver.Secret,
        ["Notifications__AllowLoopbackHttp"] = "true",
        ["Notifications__PollIntervalMilliseconds"] = "100",
        ["Notifications__FirstRetryDelaySeconds"] = "1",
        ["Notifications__AttemptTimeoutSeconds"] = "3",
        ["Notifications__LeaseSeconds"] = "6",
    };
}

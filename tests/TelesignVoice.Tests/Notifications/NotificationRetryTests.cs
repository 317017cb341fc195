using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Notifications;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>
/// Retries on a fake clock: the dispatcher's polls and the stored schedule both follow it, so each test
/// moves time forward and watches what the receiver gets and what the outbox says.
/// </summary>
public sealed class NotificationRetryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private NotificationReceiver _receiver = null!;
    private NotificationsFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _factory = new NotificationsFactory(
            _receiver,
            ("Notifications:FirstRetryDelaySeconds", "4"),
            ("Notifications:MaxRetryDelaySeconds", "16"),
            ("Notifications:GiveUpAfterSeconds", "60"),
            ("Notifications:DegradedAfterSeconds", "30"));
        _factory.WithServices(services => services.AddSingleton<TimeProvider>(_time));
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_receiver_failing_twice_gets_it_at_the_third_attempt_with_the_same_webhook_id()
    {
        _receiver.FailuresLeft = 2;
        var id = await EnqueueAsync("call-1");

        await AdvanceUntilAsync(id, stored => stored.Attempts == 1, TimeSpan.FromSeconds(1));
        var afterFirst = (await _factory.Outbox.FindNotificationAsync(id, default))!;
        Assert.Equal((NotificationStates.Pending, 503), (afterFirst.State, afterFirst.LastStatus));
        Assert.Equal("the receiver answered 503 Service Unavailable", afterFirst.LastError);
        // Equal jitter: the first wait is between half of and the whole FirstRetryDelaySeconds.
        var wait = afterFirst.NextAttemptAt - _time.GetUtcNow();
        Assert.InRange(wait, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));

        var delivered = await AdvanceUntilAsync(id, stored => stored.State == NotificationStates.Delivered, TimeSpan.FromSeconds(1));

        Assert.Equal(3, delivered.Attempts);
        Assert.Equal([503, 503, 204], _receiver.Received.Select(r => r.AnsweredStatus));
        Assert.Single(_receiver.Received.Select(r => r.Id).Distinct());
        Assert.Equal(3, _receiver.Received.Select(r => r.Timestamp).Distinct().Count());
    }

    [Fact]
    public async Task Retry_After_is_waited_out_in_full()
    {
        _receiver.FailuresLeft = 1;
        _receiver.RetryAfter = TimeSpan.FromSeconds(40);
        var id = await EnqueueAsync("call-2");

        var first = await AdvanceUntilAsync(id, stored => stored.Attempts == 1, TimeSpan.FromSeconds(1));
        Assert.InRange(first.NextAttemptAt - _time.GetUtcNow(), TimeSpan.FromSeconds(39), TimeSpan.FromSeconds(40));

        _time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.Single(_receiver.Received);

        var delivered = await AdvanceUntilAsync(id, stored => stored.State == NotificationStates.Delivered, TimeSpan.FromSeconds(2));
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task A_notification_pending_longer_than_the_give_up_age_fails_and_redelivery_sends_it_again()
    {
        _receiver.FailuresLeft = int.MaxValue;
        var id = await EnqueueAsync("call-3");

        var failed = await AdvanceUntilAsync(id, stored => stored.State == NotificationStates.Failed, TimeSpan.FromSeconds(4));

        Assert.InRange(failed.Attempts, 4, 10);
        Assert.Equal("the receiver answered 503 Service Unavailable", failed.LastError);
        Assert.True(_time.GetUtcNow() - failed.PendingSince <= TimeSpan.FromSeconds(60) + TimeSpan.FromSeconds(20));
        var attempts = _receiver.Received.Count;
        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(300);
        Assert.Equal(attempts, _receiver.Received.Count);

        using var client = _factory.CreateOperatorClient();
        var failedList = await client.GetFromJsonAsync<JsonElement>(new Uri("/notifications?state=failed", UriKind.Relative));
        Assert.Equal(id, Assert.Single(failedList.GetProperty("notifications").EnumerateArray()).GetProperty("id").GetString());

        _receiver.FailuresLeft = 0;
        using var redeliver = await client.PostAsync(new Uri($"/notifications/{id}/redeliver", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal("pending", (await redeliver.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        var delivered = await AdvanceUntilAsync(id, stored => stored.State == NotificationStates.Delivered, TimeSpan.FromSeconds(1));
        // One more attempt than when it failed (the receiver may have seen fewer: an attempt can time out before it arrives).
        Assert.Equal(failed.Attempts + 1, delivered.Attempts);
        Assert.Equal(204, _receiver.Received[^1].AnsweredStatus);
        Assert.Equal(id, _receiver.Received[^1].Id);
    }

    [Fact]
    public async Task A_calls_second_notification_waits_until_its_first_is_delivered()
    {
        _receiver.FailuresLeft = 1;
        var first = await EnqueueAsync("call-4");
        var second = await EnqueueAsync("call-4");

        await AdvanceUntilAsync(second, stored => stored.State == NotificationStates.Delivered, TimeSpan.FromSeconds(1));

        Assert.Equal([(first, 503), (first, 204), (second, 204)], _receiver.Received.Select(r => (r.Id, r.AnsweredStatus)));
    }

    [Fact]
    public async Task Readiness_turns_degraded_when_the_oldest_pending_notification_is_too_old()
    {
        _receiver.FailuresLeft = int.MaxValue;
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        await EnqueueAsync("call-5");

        // Past the readiness threshold (30 s) but short of giving up (60 s), so it is still pending.
        _time.Advance(TimeSpan.FromSeconds(31));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Degraded", body, StringComparison.Ordinal);
        Assert.Contains("Notifications:DegradedAfterSeconds", body, StringComparison.Ordinal);
    }

    private async Task<string> EnqueueAsync(string callId)
    {
        var outgoing = _factory.Services.GetRequiredService<OutgoingNotifications>();
        var data = new RecipientFinishedNotification("campaign-1", 1, callId, null, "reached", 1, callId, "answered", null, null, null, DateTimeOffset.UnixEpoch);
        var messages = outgoing.Create(NotificationEventTypes.RecipientFinished, callId, data, callbackUrl: null);
        await outgoing.EnqueueAsync(messages, default);
        return Assert.Single(messages).Id;
    }

    /// <summary>Moves the clock on by <paramref name="step"/> until the notification satisfies <paramref name="done"/> (bounded).</summary>
    private async Task<StoredNotification> AdvanceUntilAsync(string id, Func<StoredNotification, bool> done, TimeSpan step)
    {
        for (var i = 0; i < 400; i++)
        {
            var stored = (await _factory.Outbox.FindNotificationAsync(id, default))!;
            if (done(stored))
            {
                return stored;
            }

            if (i % 4 == 0)
            {
                _time.Advance(step);
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{id} never got there: {await _factory.Outbox.FindNotificationAsync(id, default)}");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Notifications;
using TelesignVoice.Tests.Flows;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>A reminder call through the webhook, as Telesign drives it, and what the booking system receives.</summary>
public sealed class NotificationDeliveryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Variables = new() { ["name"] = "Ada", ["when"] = "Tuesday at 10 AM" };

    private NotificationReceiver _receiver = null!;
    private NotificationsFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _factory = new NotificationsFactory(_receiver);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_confirmed_reminder_sends_a_signed_flow_result_then_call_completed_in_order()
    {
        var walk = CallWalk.Start(_factory, await _factory.SeedOutboundCallAsync("appointment-reminder", Variables));
        await walk.DialCompletedAsync();
        await walk.SpeakCompletedAsync("1");
        await walk.SpeakCompletedAsync();
        await walk.CallCompletedAsync();

        var received = await _receiver.WaitForAsync(all => all.Count >= 2);

        Assert.Equal(["flow.result", "call.completed"], received.Select(r => r.Type));
        Assert.All(received, r =>
        {
            Assert.True(r.Verified, r.Signature);
            Assert.StartsWith("v1,", r.Signature, StringComparison.Ordinal);
            Assert.Matches("^msg_[a-z2-7]{26}$", r.Id);
            Assert.Equal("application/json", r.ContentType);
            Assert.Equal(204, r.AnsweredStatus);
        });
        Assert.NotEqual(received[0].Id, received[1].Id);

        var result = received[0].Json.GetProperty("data");
        Assert.Equal(walk.ReferenceId, result.GetProperty("reference_id").GetString());
        Assert.Equal(("appointment-reminder", "tell-confirmed"), (result.GetProperty("flow").GetString(), result.GetProperty("step").GetString()));
        Assert.Equal("""{"appointment":"confirmed","when":"Tuesday at 10 AM"}""", result.GetProperty("values").GetRawText());

        var completed = received[1].Json.GetProperty("data");
        Assert.Equal(("answered", "hangup", 42), (completed.GetProperty("outcome").GetString(), completed.GetProperty("end_status").GetString(), completed.GetProperty("duration_seconds").GetInt32()));
        var digits = Assert.Single(completed.GetProperty("digits").EnumerateArray());
        Assert.Equal(("reminder", "1"), (digits.GetProperty("step").GetString(), digits.GetProperty("digits").GetString()));
        Assert.Equal("Ada", completed.GetProperty("variables").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_operator_sees_each_notification_delivered_with_its_attempts()
    {
        var walk = CallWalk.Start(_factory, await _factory.SeedOutboundCallAsync("appointment-reminder", Variables));
        await walk.DialCompletedAsync();
        await walk.CallCompletedAsync();
        var received = await _receiver.WaitForAsync(all => all.Any(r => r.Type == "call.completed"));
        var id = received.Single(r => r.Type == "call.completed").Id;

        var view = await WaitForStateAsync(id, NotificationStates.Delivered);

        Assert.Equal(("call.completed", "booking", 1), (view.GetProperty("type").GetString(), view.GetProperty("endpoint").GetString(), view.GetProperty("attempts").GetInt32()));
        Assert.Equal("answered", view.GetProperty("payload").GetProperty("data").GetProperty("outcome").GetString());
        Assert.False(view.TryGetProperty("last_error", out _));
        using var client = _factory.CreateOperatorClient();
        var list = await client.GetFromJsonAsync<JsonElement>(new Uri("/notifications?state=delivered", UriKind.Relative));
        Assert.Contains(list.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_bad_state_filter_is_a_400_naming_state_and_an_unknown_id_a_404()
    {
        using var client = _factory.CreateOperatorClient();

        using var badState = await client.GetAsync(new Uri("/notifications?state=sent", UriKind.Relative));
        using var unknown = await client.PostAsync(new Uri("/notifications/msg_nope/redeliver", UriKind.Relative), null);
        using var anonymous = await _factory.CreateClient().GetAsync(new Uri("/notifications", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("\"state\"", await badState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<JsonElement> WaitForStateAsync(string id, string state)
    {
        for (var i = 0; i < 200; i++)
        {
            var view = await _factory.GetNotificationAsync(id);
            if (view.GetProperty("state").GetString() == state)
            {
                return view;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{id} never became {state}.");
    }
}

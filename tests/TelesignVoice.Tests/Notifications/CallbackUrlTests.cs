using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Flows;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>A callback_url given with POST /calls receives that call's notifications, signed with Notifications:CallbackSecret.</summary>
public sealed class CallbackUrlTests : IAsyncLifetime
{
    private NotificationReceiver _receiver = null!;
    private NotificationsFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _factory = new NotificationsFactory(
            _receiver,
            ("Notifications:CallbackSecret", NotificationReceiver.Secret),
            ("Notifications:Endpoints:booking:Events", "flow.result campaign.completed"));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task The_call_completed_of_a_call_placed_with_a_callback_url_goes_there_and_not_to_an_endpoint_without_the_type()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-CALLBACK-1");
        await using var host = _factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, _) = await client.PostCallAsync($$"""{"to":"15555551212","external_id":"crm-77","callback_url":"{{_receiver.Url}}?call=crm-77"}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var walk = new CallWalk(host.CreateClient(), "REF-CALLBACK-1");
        await walk.DialCompletedAsync();
        await walk.CallCompletedAsync();

        var received = await _receiver.WaitForAsync(all => all.Count >= 1);
        await Task.Delay(300);

        var completed = Assert.Single(_receiver.Received);
        Assert.Equal("call.completed", completed.Type);
        Assert.True(completed.Verified);
        Assert.Equal("crm-77", completed.Json.GetProperty("data").GetProperty("external_id").GetString());
        var stored = await host.Services.GetRequiredService<INotificationStore>().FindNotificationAsync(completed.Id, default);
        Assert.Equal((NotificationTargets.Callback, $"{_receiver.Url}?call=crm-77"), (stored!.Message.Endpoint, stored.Message.Url));
    }

    [Fact]
    public async Task Without_a_callback_secret_a_callback_url_is_refused_with_400()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var factory = new NotificationsFactory(receiver);
        using var client = factory.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync($$"""{"to":"15555551212","callback_url":"https://crm.example.com/hooks"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Notifications:CallbackSecret", body!["errors"]!["callback_url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

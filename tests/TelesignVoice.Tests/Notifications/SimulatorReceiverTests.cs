using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Notifications;
using TelesignVoice.SimulatorCli;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>
/// The simulator's own receiver, as Development configures it: the server sends a simulated call's
/// notifications to itself, and the command line prints them after the transcript.
/// </summary>
public sealed class SimulatorReceiverTests : IAsyncLifetime
{
    private const string Secret = "whsec_c2ltdWxhdG9yIHJlY2VpdmVyIG9ubHksIG5vdCBhIHNlY3JldA==";
    private readonly ReceiverHost _host = new();

    public Task InitializeAsync()
    {
        _host.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_command_line_prints_the_signed_notifications_of_a_simulated_reminder_call()
    {
        using var client = _host.CreateClient();
        using var output = new StringWriter();

        var exitCode = await SimulatorCommand.RunAsync(
            ["call", "--to", "15555551212", "--flow", "appointment-reminder", "--var", "name=Ada", "--var", "when=Tuesday at 10 AM", "--press", "1",
             "--server", client.BaseAddress!.ToString(), "--api-key", SimulatorHost.OperatorKey],
            output,
            output);

        var text = output.ToString();
        Assert.Equal(ExitCodes.Completed, exitCode);
        Assert.Contains("Notifications received by the simulator's receiver: 2", text, StringComparison.Ordinal);
        Assert.Contains("  flow.result answered 204, signature valid", text, StringComparison.Ordinal);
        Assert.Contains("  call.completed answered 204, signature valid", text, StringComparison.Ordinal);
        Assert.Matches(@"webhook-id: msg_[a-z2-7]{26}", text);
        Assert.Matches(@"webhook-signature: v1,[A-Za-z0-9+/]{43}=", text);
        Assert.Contains("\"appointment\": \"confirmed\"", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("flow.result answered", StringComparison.Ordinal) < text.IndexOf("call.completed answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Told_to_fail_twice_the_receiver_gets_the_notification_at_the_third_attempt()
    {
        using var client = _host.CreateOperatorClient();
        using var behaviour = await client.PutAsJsonAsync(new Uri("/simulator/receiver/behaviour", UriKind.Relative), new { fail_times = 2 });
        Assert.Equal(HttpStatusCode.OK, behaviour.StatusCode);

        var referenceId = await PlaceReminderAsync(client);
        var received = await WaitForAsync(client, referenceId, list => list.Count(n => n.GetProperty("answered_status").GetInt32() == 204) == 2);

        Assert.Equal([503, 503, 204, 204], received.Select(n => n.GetProperty("answered_status").GetInt32()));
        var first = received[0].GetProperty("webhook_id").GetString()!;
        Assert.Equal(first, received[2].GetProperty("webhook_id").GetString());
        var notification = await client.GetFromJsonAsync<JsonElement>(new Uri($"/notifications/{first}", UriKind.Relative));
        Assert.Equal(("delivered", 3), (notification.GetProperty("state").GetString(), notification.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task A_receiver_refusing_the_signature_leaves_the_notification_pending_with_the_401()
    {
        using var client = _host.CreateOperatorClient();
        await client.PutAsJsonAsync(new Uri("/simulator/receiver/behaviour", UriKind.Relative), new { refuse_signature = true });

        var referenceId = await PlaceReminderAsync(client);
        var received = await WaitForAsync(client, referenceId, list => list.Count >= 1);
        var id = received[0].GetProperty("webhook_id").GetString()!;
        JsonElement notification = default;
        for (var i = 0; i < 200 && !(notification.ValueKind == JsonValueKind.Object && notification.TryGetProperty("last_status", out _)); i++)
        {
            await Task.Delay(25);
            notification = await client.GetFromJsonAsync<JsonElement>(new Uri($"/notifications/{id}", UriKind.Relative));
        }

        Assert.True(received[0].GetProperty("signature_valid").GetBoolean());
        Assert.Equal(401, received[0].GetProperty("answered_status").GetInt32());
        Assert.Equal(("pending", 401), (notification.GetProperty("state").GetString(), notification.GetProperty("last_status").GetInt32()));
        Assert.Equal("the receiver answered 401 Unauthorized", notification.GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task A_bad_behaviour_is_a_400_naming_the_field()
    {
        using var client = _host.CreateOperatorClient();

        using var response = await client.PutAsJsonAsync(new Uri("/simulator/receiver/behaviour", UriKind.Relative), new { fail_times = -1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fail_times", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> PlaceReminderAsync(HttpClient client)
    {
        using var started = await client.PostAsJsonAsync(new Uri("/simulator/calls", UriKind.Relative), new
        {
            to = "15555551212",
            flow = "appointment-reminder",
            variables = new Dictionary<string, string> { ["name"] = "Ada", ["when"] = "Tuesday at 10 AM" },
        });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference_id").GetString()!;
    }

    private static async Task<List<JsonElement>> WaitForAsync(HttpClient client, string referenceId, Func<List<JsonElement>, bool> done)
    {
        for (var i = 0; i < 300; i++)
        {
            var list = await client.GetFromJsonAsync<JsonElement>(new Uri($"/simulator/receiver?reference_id={referenceId}", UriKind.Relative));
            var received = list.GetProperty("notifications").EnumerateArray().ToList();
            if (done(received))
            {
                return received;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The simulator's receiver never got what the test waited for ({referenceId}).");
    }

    /// <summary>The simulator host on a port chosen beforehand, so that its own receiver's URL can be configured.</summary>
    private sealed class ReceiverHost : SimulatorHost
    {
        public ReceiverHost()
        {
            var port = FreePort();
            UseKestrel(port);
            WithSettings(new Dictionary<string, string?>
            {
                ["Notifications:Endpoints:simulator:Url"] = $"http://127.0.0.1:{port}/simulator/receiver",
                ["Notifications:Endpoints:simulator:Secret"] = Secret,
                ["Notifications:AllowLoopbackHttp"] = "true",
                ["Notifications:PollIntervalMilliseconds"] = "100",
                ["Notifications:FirstRetryDelaySeconds"] = "1",
                ["Simulator:DefaultPresses:0"] = "1",
            });
        }
    }
}

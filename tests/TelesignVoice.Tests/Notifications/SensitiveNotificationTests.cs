using System.Text.Json;
using TelesignVoice.Notifications;
using TelesignVoice.Tests.Flows;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>
/// A flow's <c>sensitive</c> flag decides what notifications show: a PIN entered at a sensitive ask and
/// passed to a notify step reaches neither flow.result nor call.completed, in clear or encrypted.
/// </summary>
public sealed class SensitiveNotificationTests : IAsyncDisposable
{
    private const string Number = "15550009999";
    private const string Pin = "4821";

    private const string PinNotifyFlow = """
        {
          "start": "enter-pin",
          "steps": {
            "enter-pin": {
              "say": "Please enter your four digit PIN.",
              "ask": { "max_digits": 4, "min_digits": 4, "save_as": "pin", "sensitive": true, "give_up": "bye" },
              "next": "tell"
            },
            "tell": { "notify": { "pin": "{pin}", "entered": "{digits}", "caller": "{from}", "said": "PIN {pin} given" }, "next": "bye" },
            "bye": { "say": "Goodbye.", "hangup": true }
          }
        }
        """;

    private readonly TempFolder _flows = new();
    private NotificationReceiver? _receiver;

    public async ValueTask DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        _flows.Dispose();
    }

    [Fact]
    public async Task A_pin_from_a_sensitive_ask_is_masked_in_flow_result_and_call_completed()
    {
        foreach (var shipped in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "flows"), "*.json"))
        {
            File.Copy(shipped, _flows.File(Path.GetFileName(shipped)));
        }

        await File.WriteAllTextAsync(_flows.File("pin-notify.json"), PinNotifyFlow);
        _receiver = await NotificationReceiver.StartAsync();
        await using var app = new NotificationsFactory(_receiver, ("Flows:Path", _flows.Path), ($"Flows:Inbound:{Number}", "pin-notify"));

        var walk = CallWalk.Start(app);
        await walk.IncomingCallAsync(Number, from: "15557771234");
        await walk.SpeakCompletedAsync(Pin);
        await walk.SpeakCompletedAsync();
        await walk.CallCompletedAsync();

        var page = await app.Outbox.ListNotificationsAsync(new NotificationQuery(null, 100, null), default);
        var payloads = page.Notifications.Where(n => n.Message.OrderingKey == walk.ReferenceId).ToDictionary(n => n.Message.EventType, n => n.Message.Payload);
        using var result = JsonDocument.Parse(payloads[NotificationEventTypes.FlowResult]);
        using var completed = JsonDocument.Parse(payloads[NotificationEventTypes.CallCompleted]);
        var values = result.RootElement.GetProperty("data").GetProperty("values");
        var data = completed.RootElement.GetProperty("data");

        Assert.Equal("[sensitive]", values.GetProperty("pin").GetString());
        Assert.Equal("[sensitive]", values.GetProperty("entered").GetString());
        Assert.Equal("PIN [sensitive] given", values.GetProperty("said").GetString());
        Assert.Equal("15557771234", values.GetProperty("caller").GetString());
        Assert.Equal("[sensitive]", data.GetProperty("variables").GetProperty("pin").GetString());
        Assert.Equal(["[sensitive]"], data.GetProperty("digits").EnumerateArray().Select(d => d.GetProperty("digits").GetString()));
        foreach (var payload in payloads.Values)
        {
            Assert.DoesNotContain(Pin, payload, StringComparison.Ordinal);
            Assert.DoesNotContain("dp1:", payload, StringComparison.Ordinal);
        }
    }
}

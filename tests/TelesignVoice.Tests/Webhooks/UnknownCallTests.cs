using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Webhooks;

/// <summary>An event for a call this server never placed nor received makes no phantom outbound call.</summary>
[Collection(MetricsCollection.Name)]
public class UnknownCallTests
{
    private const string HangupAction = """{"jsonrpc":"2.0","method":"hangup","params":{}}""";

    /// <summary>Both events are answered hangup, and the call is kept as unknown_call, listed as such and not under <paramref name="notStatus"/>.</summary>
    private static async Task<JsonElement> AssertKeptAsUnknownCallAsync(HttpClient client, string phantom, string firstEvent, string notStatus)
    {
        Assert.Equal(HangupAction, await client.PostSignedEventAsync(firstEvent));
        Assert.Equal(HangupAction, await client.PostSignedEventAsync(CallEvents.CallCompleted(phantom)));

        var call = await client.GetFromJsonAsync<JsonElement>($"/calls/{phantom}");
        Assert.Equal("unknown_call", call.GetProperty("status").GetString());
        var listed = await client.GetFromJsonAsync<JsonElement>("/calls?status=unknown_call&limit=100");
        Assert.Contains(phantom, listed.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("reference_id").GetString()));
        var other = await client.GetFromJsonAsync<JsonElement>($"/calls?status={notStatus}&limit=100");
        Assert.DoesNotContain(phantom, other.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("reference_id").GetString()));
        return call;
    }

    [Fact]
    public async Task A_speak_completed_out_of_nowhere_is_hung_up_counted_and_kept_as_unknown_call()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateOperatorClient();
        var phantom = Guid.NewGuid().ToString("N");

        await AssertKeptAsUnknownCallAsync(client, phantom, CallEvents.SpeakCompleted(phantom, "1"), notStatus: "dialing");

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("telesignvoice_webhook_events_total\\{[^}]*event=\"speak_completed\"[^}]*outcome=\"unknown_call\"[^}]*\\} 1", metrics);
        Assert.Matches("telesignvoice_webhook_events_total\\{[^}]*event=\"call_completed\"[^}]*outcome=\"unknown_call\"[^}]*\\} 1", metrics);
    }

    [Fact]
    public async Task A_dial_completed_for_a_call_never_placed_is_hung_up_counted_and_kept_as_unknown_call()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateOperatorClient();
        var phantom = Guid.NewGuid().ToString("N");

        var call = await AssertKeptAsUnknownCallAsync(client, phantom, CallEvents.DialCompleted(phantom), notStatus: "in_progress");

        Assert.Equal("answered", call.GetProperty("outcome").GetString());
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("telesignvoice_webhook_events_total\\{[^}]*event=\"dial_completed\"[^}]*outcome=\"unknown_call\"[^}]*\\} 1", metrics);
    }

    [Fact]
    public async Task Incoming_call_starts_a_call_in_its_flow_and_dial_completed_continues_a_placed_one()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateOperatorClient();
        var inbound = Guid.NewGuid().ToString("N");
        var outbound = await PlacedCalls.SeedAsync(factory.Services);

        Assert.NotEqual(HangupAction, await client.PostSignedEventAsync(CallEvents.IncomingCall(inbound)));
        Assert.NotEqual(HangupAction, await client.PostSignedEventAsync(CallEvents.DialCompleted(outbound)));

        Assert.Equal("in_progress", (await client.GetFromJsonAsync<JsonElement>($"/calls/{inbound}")).GetProperty("status").GetString());
        Assert.Equal("in_progress", (await client.GetFromJsonAsync<JsonElement>($"/calls/{outbound}")).GetProperty("status").GetString());
    }
}

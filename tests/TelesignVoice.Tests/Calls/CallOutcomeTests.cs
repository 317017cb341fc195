using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

/// <summary>A call's outcome (dial_completed's status, as sent) and its transfers stay on the call after call_completed.</summary>
public sealed class OutcomeHost : SimulatorHost
{
    public OutcomeHost() => WithSettings(new Dictionary<string, string?> { ["Flows:Inbound:15550006666"] = "support-menu" });
}

public class CallOutcomeTests(OutcomeHost host) : IClassFixture<OutcomeHost>
{
    [Fact]
    public async Task A_finished_call_never_answered_keeps_its_outcome_and_is_found_by_it()
    {
        using var client = host.CreateOperatorClient();
        var unanswered = await PlaceAsync(client, new CallerScript { DialStatus = "no_answer" });
        var answered = await PlaceAsync(client, CallerScript.Pressing("1"));

        var call = await client.GetFromJsonAsync<JsonElement>($"/calls/{unanswered}");
        Assert.Equal(("completed", "no_answer"), (call.GetProperty("status").GetString(), call.GetProperty("outcome").GetString()));
        var list = await client.GetFromJsonAsync<JsonElement>("/calls?outcome=no_answer&limit=100");
        var found = list.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("reference_id").GetString()).ToList();
        Assert.Contains(unanswered, found);
        Assert.DoesNotContain(answered, found);
        Assert.Equal("answered", (await client.GetFromJsonAsync<JsonElement>($"/calls/{answered}")).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_transfers_result_is_recorded_on_the_call_as_telesign_sent_it()
    {
        using var client = host.CreateOperatorClient();
        using var placed = await client.PostAsJsonAsync(
            "/simulator/inbound",
            new SimulatorInboundRequest("15555551212", "15550006666", CallerScript.Pressing("2", "5")),
            TelesignVoiceJsonContext.Default.SimulatorInboundRequest);
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);
        await client.GetAsync($"/simulator/calls/{started!.ReferenceId}?wait=30");

        var call = await client.GetFromJsonAsync<JsonElement>($"/calls/{started.ReferenceId}");
        var leg = Assert.Single(call.GetProperty("legs").EnumerateArray());
        Assert.Equal(("15555550102", "hangup"), (leg.GetProperty("to").GetString(), leg.GetProperty("status").GetString()));
        Assert.Equal("completed", call.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_outcome_filter_with_control_characters_is_refused_naming_the_field()
    {
        using var client = host.CreateOperatorClient();

        using var response = await client.GetAsync("/calls?outcome=%01busy");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("outcome", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> PlaceAsync(HttpClient client, CallerScript script)
    {
        using var placed = await client.PostAsJsonAsync(
            "/simulator/calls",
            new SimulatorCallRequest("15558675309", null, null, script),
            TelesignVoiceJsonContext.Default.SimulatorCallRequest);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);
        await client.GetAsync($"/simulator/calls/{started!.ReferenceId}?wait=30");
        return started.ReferenceId;
    }
}

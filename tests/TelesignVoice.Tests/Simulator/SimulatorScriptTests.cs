using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>Caller scripts as a user writes them by hand, in raw JSON, over HTTP.</summary>
public class SimulatorScriptTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Fact]
    public async Task A_script_of_only_a_dial_status_places_a_call_that_is_not_answered()
    {
        using var client = host.CreateOperatorClient();

        using var content = new StringContent("""{"to":"15558675309","script":{"dial_status":"busy"}}""", Encoding.UTF8, "application/json");
        using var placed = await client.PostAsync(new Uri("/simulator/calls", UriKind.Relative), content);

        Assert.True(placed.StatusCode == HttpStatusCode.Accepted, await placed.Content.ReadAsStringAsync());
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);
        var view = await client.GetFromJsonAsync($"/simulator/calls/{started!.ReferenceId}?wait=30", TelesignVoiceJsonContext.Default.SimulatedCallView);
        Assert.Equal(SimulatedCallStates.Completed, view!.State);
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Telesign && l.Text.Contains("\"status\":\"busy\"", StringComparison.Ordinal));
        var record = await client.GetFromJsonAsync<JsonElement>($"/calls/{started.ReferenceId}");
        Assert.Equal("completed", record.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_inbound_script_of_only_presses_is_accepted()
    {
        using var client = host.CreateOperatorClient();

        using var content = new StringContent("""{"from":"15555551212","to":"15558675309","script":{"presses":["1"]}}""", Encoding.UTF8, "application/json");
        using var placed = await client.PostAsync(new Uri("/simulator/inbound", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Simulator;
using TelesignVoice.SimulatorCli;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>POST /calls and POST /simulator/calls with the simulator standing in for Telesign, all over loopback HTTP.</summary>
public class PlaceCallThroughSimulatorTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Post_calls_places_a_simulated_call_that_runs_to_its_end_and_shows_in_get_calls()
    {
        using var client = host.CreateOperatorClient();

        using var placed = await client.PostAsync("/calls", JsonContent.Create(new { to = "15558675309" }));
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var referenceId = (await placed.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("reference_id").GetString()!;
        var view = await host.WaitForCallAsync(referenceId);
        var record = await client.GetFromJsonAsync<JsonElement>($"/calls/{referenceId}", Json);

        Assert.Equal(SimulatedCallStates.Completed, view.State);
        Assert.Equal("completed", record.GetProperty("status").GetString());
        Assert.Equal("outbound", record.GetProperty("direction").GetString());
        Assert.Contains("\"event\":\"call_completed\"", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulator_calls_endpoint_attaches_the_script_to_the_dial()
    {
        using var client = host.CreateOperatorClient();

        using var placed = await client.PostAsJsonAsync(
            "/simulator/calls",
            new SimulatorCallRequest("15558675309", null, null, CallerScript.Pressing("77*")),
            TelesignVoiceJsonContext.Default.SimulatorCallRequest);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);
        var view = await client.GetFromJsonAsync($"/simulator/calls/{started!.ReferenceId}?wait=30", TelesignVoiceJsonContext.Default.SimulatedCallView);

        Assert.Equal($"/calls/{started.ReferenceId}", started.CallUrl);
        Assert.StartsWith("sim-", view!.ExternalId, StringComparison.Ordinal);
        Assert.Contains(view.Lines, l => l.Text == "presses 77* (collected \"77\")");
        Assert.Equal(SimulatedCallStates.Completed, view.State);
    }

    [Fact]
    public async Task Simulator_calls_endpoint_passes_the_dialer_validation_problems_on()
    {
        using var client = host.CreateOperatorClient();

        using var placed = await client.PostAsJsonAsync(
            "/simulator/calls",
            new SimulatorCallRequest("not a number", null, null, null),
            TelesignVoiceJsonContext.Default.SimulatorCallRequest);

        Assert.Equal(HttpStatusCode.BadRequest, placed.StatusCode);
        Assert.Contains("\"to\"", await placed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_command_prints_the_outbound_transcript_and_exits_0()
    {
        using var client = host.CreateOperatorClient();
        using var output = new StringWriter();

        var exitCode = await SimulatorCommand.RunAsync(
            ["call", "--to", "15558675309", "--press", "3", "--server", client.BaseAddress!.ToString(), "--api-key", SimulatorHost.OperatorKey],
            output,
            output);

        var text = output.ToString();
        Assert.Equal(ExitCodes.Completed, exitCode);
        Assert.Matches(@"^Simulated outbound call [0-9A-F]{32} from 15554441313 to 15558675309\n", text);
        Assert.Contains("  telesign  -> dial_completed {\"to\":\"15558675309\",\"from\":\"15554441313\",\"status\":\"answered\"}\n", text, StringComparison.Ordinal);
        Assert.Contains("  caller       presses 3\n", text, StringComparison.Ordinal);
        Assert.Contains("Result: completed\n", text, StringComparison.Ordinal);
        Assert.Matches(@"Call record: GET /calls/[0-9A-F]{32}\n", text);
    }

    [Fact]
    public async Task Call_command_runs_the_appointment_reminder_and_exits_0()
    {
        using var client = host.CreateOperatorClient();
        using var output = new StringWriter();

        var exitCode = await SimulatorCommand.RunAsync(
            [
                "call", "--to", "15555551212", "--flow", "appointment-reminder", "--var", "name=Ada", "--var", "when=Tuesday at 10 AM",
                "--press", "1", "--server", client.BaseAddress!.ToString(), "--api-key", SimulatorHost.OperatorKey,
            ],
            output,
            output);

        var text = output.ToString();
        Assert.Equal(ExitCodes.Completed, exitCode);
        Assert.Contains("  caller       hears \"Hello Ada. This is a reminder of your appointment on Tuesday at 10 AM.", text, StringComparison.Ordinal);
        Assert.Contains("  caller       presses 1\n", text, StringComparison.Ordinal);
        Assert.Contains("  caller       hears \"Thank you, your appointment is confirmed. Goodbye.\"\n", text, StringComparison.Ordinal);
        Assert.Contains("Result: completed\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_command_exits_2_with_the_server_problem_when_the_flow_is_unknown()
    {
        using var client = host.CreateOperatorClient();
        using var output = new StringWriter();

        var exitCode = await SimulatorCommand.RunAsync(
            ["call", "--to", "15555551212", "--flow", "no-such-flow", "--server", client.BaseAddress!.ToString(), "--api-key", SimulatorHost.OperatorKey],
            output,
            output);

        Assert.Equal(ExitCodes.NotStarted, exitCode);
        Assert.StartsWith("The call could not be started: HTTP 400", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("no-such-flow", output.ToString(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using TelesignVoice.Calls;
using TelesignVoice.Simulator;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>The /simulator control API over real HTTP, and the calls it drives against the default handlers.</summary>
public class SimulatorControlApiTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    private async Task<SimulatedCallView> InboundAsync(CallerScript script)
    {
        using var client = host.CreateOperatorClient();
        using var started = await client.PostAsJsonAsync(
            "/simulator/inbound",
            new SimulatorInboundRequest("15555551212", "15558675309", script),
            TelesignVoiceJsonContext.Default.SimulatorInboundRequest);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var call = await started.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);
        var view = await client.GetFromJsonAsync($"/simulator/calls/{call!.ReferenceId}?wait=30", TelesignVoiceJsonContext.Default.SimulatedCallView);
        return view!;
    }

    [Fact]
    public async Task Inbound_call_runs_to_its_end_and_its_transcript_says_what_happened()
    {
        var view = await InboundAsync(CallerScript.Pressing("2"));

        Assert.Equal(SimulatedCallStates.Completed, view.State);
        Assert.Equal(
            ["telesign", "server", "caller", "caller", "telesign", "server", "telesign", "server"],
            view.Lines.Select(l => l.Who));
        Assert.StartsWith("""{"event":"incoming_call","reference_id":""", view.Lines[0].Text, StringComparison.Ordinal);
        Assert.Equal("presses 2", view.Lines[3].Text);
        Assert.Contains("\"collected_digits\":\"2\"", view.Lines[4].Text, StringComparison.Ordinal);
        Assert.Equal("""{"jsonrpc":"2.0","method":"hangup","params":{}}""", view.Lines[5].Text);
        Assert.Contains("\"event\":\"call_completed\"", view.Lines[6].Text, StringComparison.Ordinal);
        Assert.Contains("\"audio_recording_file_name\":null", view.Lines[6].Text, StringComparison.Ordinal);
        Assert.Contains("\"direction\":\"inbound\"", view.Lines[6].Text, StringComparison.Ordinal);
        var call = await host.Store.FindCallAsync(view.ReferenceId, CancellationToken.None);
        Assert.Equal(TelesignDirections.Inbound, call!.Direction);
        Assert.Equal(CallStatuses.Completed, call.Status);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$", call.EndOfCall!.EndedOnUtc);
        Assert.Equal(5, call.EndOfCall.DurationSeconds);
    }

    [Fact]
    public async Task Silence_is_reported_as_an_empty_collected_digits_string()
    {
        var view = await InboundAsync(CallerScript.Pressing(string.Empty));

        Assert.Contains(view.Lines, l => l.Text == "presses nothing");
        Assert.Contains(view.Lines, l => l.Text.Contains("\"collected_digits\":\"\"", StringComparison.Ordinal));
        Assert.Equal(SimulatedCallStates.Completed, view.State);
    }

    [Fact]
    public async Task Caller_who_hangs_up_mid_prompt_ends_the_call_with_call_completed()
    {
        var view = await InboundAsync(CallerScript.Pressing(CallerScript.HangupPress));

        Assert.Equal("hangs up", view.Lines[3].Text);
        Assert.Contains("\"event\":\"call_completed\"", view.Lines[4].Text, StringComparison.Ordinal);
        Assert.Equal(6, view.Lines.Count);
        Assert.Equal(SimulatedCallStates.Completed, view.State);
    }

    [Fact]
    public async Task A_redelivery_after_an_abandoned_first_delivery_is_answered_for_that_event_and_stored_once()
    {
        var view = await InboundAsync(CallerScript.Pressing("1") with { DuplicateEvents = ["incoming_call", "play_completed"] });

        Assert.Equal(SimulatedCallStates.Completed, view.State);
        Assert.Contains(view.Lines, l => l.Text.StartsWith("abandoned this incoming_call once sent", StringComparison.Ordinal));
        Assert.Contains(view.Lines, l => l.Text.StartsWith("abandoned this play_completed once sent", StringComparison.Ordinal));
        // The caller heard the seed page once and pressed 1 once: the re-delivered play_completed did not advance the call twice.
        Assert.Single(view.Lines, l => l.Who == TranscriptSpeakers.Caller && l.Text.StartsWith("hears", StringComparison.Ordinal));
        var events = await host.Store.GetEventsAsync(view.ReferenceId, CancellationToken.None);
        Assert.Equal(["incoming_call", "play_completed", "call_completed"], events.Select(e => e.EventName));
    }

    [Fact]
    public async Task Control_api_refuses_requests_without_the_operator_key()
    {
        host.StartServer();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/simulator/faults");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Inbound_call_with_bad_numbers_is_a_validation_problem()
    {
        using var client = host.CreateOperatorClient();

        using var response = await client.PostAsJsonAsync(
            "/simulator/inbound",
            new SimulatorInboundRequest("+1 555", null, null),
            TelesignVoiceJsonContext.Default.SimulatorInboundRequest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("from must be a phone number", body, StringComparison.Ordinal);
        Assert.Contains("\"to\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_reference_id_gets_404()
    {
        using var client = host.CreateOperatorClient();

        using var response = await client.GetAsync("/simulator/calls/0123456789ABCDEF0123456789ABCDEF");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Faults_are_set_read_back_and_validated()
    {
        using var client = host.CreateOperatorClient();

        using var set = await client.PutAsJsonAsync("/simulator/faults", new FaultSettings(ServerErrorDials: 0, DialDelayMilliseconds: 5), TelesignVoiceJsonContext.Default.FaultSettings);
        using var bad = await client.PutAsJsonAsync("/simulator/faults", new FaultSettings(ServerErrorStatus: 404), TelesignVoiceJsonContext.Default.FaultSettings);
        using var cleared = await client.DeleteAsync("/simulator/faults");

        Assert.Equal(5, (await set.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.FaultSettings))!.DialDelayMilliseconds);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(new FaultSettings(), host.Services.GetService(typeof(SimulatorFaults)) is SimulatorFaults f ? f.Current : null);
    }
}

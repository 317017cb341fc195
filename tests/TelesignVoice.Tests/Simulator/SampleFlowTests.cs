using System.Net;
using System.Net.Http.Json;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>Our numbers mapped to the sample flows, so inbound calls reach each of them.</summary>
public sealed class SampleFlowHost : SimulatorHost
{
    public SampleFlowHost() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Flows:Inbound:15550001001"] = "appointment-reminder",
            ["Flows:Inbound:15550001002"] = "support-menu",
            ["Flows:Inbound:15550001003"] = "pin-capture",
        });
}

/// <summary>Each sample flow walked end to end, inbound and outbound, by the simulator over loopback HTTP.</summary>
public class SampleFlowTests(SampleFlowHost host) : IClassFixture<SampleFlowHost>
{
    // Silences repeat: Telesign's events carry no id or timestamp, so each silence is the same bytes.
    public static TheoryData<string, string[], string> OutboundWalks => new()
    {
        { "appointment-reminder", ["", "", ""], "hears \"We did not get your answer. Please call us to confirm your appointment. Goodbye.\"" },
        { "appointment-reminder", ["9", "9", "1"], "hears \"Thank you, your appointment is confirmed. Goodbye.\"" },
        { "appointment-reminder", ["1"], "hears \"Thank you, your appointment is confirmed. Goodbye.\"" },
        { "appointment-reminder", ["", "7", "8"], "hears \"We did not get your answer. Please call us to confirm your appointment. Goodbye.\"" },
        { "appointment-reminder", ["2"], "is connected to 15555550100" },
        { "support-menu", ["2", "5"], "hears \"Thank you for your answer. Goodbye.\"" },
        { "pin-capture", ["1234#", "1"], "hears \"Thank you, your PIN is confirmed. Goodbye.\"" },
        { "default", ["12*3"], "presses 12*3 (collected \"12\")" },
    };

    public static TheoryData<string, string[], string> InboundWalks => new()
    {
        // Without its variables the reminder cannot be read, so the flow takes its on_error step.
        { "appointment-reminder", ["1"], "hears \"Sorry, we cannot continue this call. Goodbye.\"" },
        { "support-menu", ["2", "5"], "hears \"Thank you for your answer. Goodbye.\"" },
        { "support-menu", ["", "7", "1"], "is connected to 15555550101" },
        { "support-menu", ["0"], "is connected to 15555550100" },
        { "support-menu", ["", "", "", ""], "hears \"Goodbye.\"" },
        { "pin-capture", ["12#", "123456", "1"], "hears \"Thank you, your PIN is confirmed. Goodbye.\"" },
        { "default", ["hangup"], "hangs up" },
    };

    /// <summary>
    /// Silent, wrong-key, repeat-key, same-key-twice and hang-up callers on each sample flow, each walked twice:
    /// plainly, and with every event re-delivered after an abandoned first delivery (its connection reset
    /// before the answer was read): prompt events too, which only the answer not given tells from a repeat.
    /// The same line must end it.
    /// </summary>
    public static TheoryData<string, string[], string, bool> Callers()
    {
        var walks = new (string Flow, string[] Presses, string Line)[]
        {
            ("appointment-reminder", ["", "", ""], "hears \"We did not get your answer. Please call us to confirm your appointment. Goodbye.\""),
            ("appointment-reminder", ["7", "7", "7"], "hears \"We did not get your answer. Please call us to confirm your appointment. Goodbye.\""),
            ("appointment-reminder", ["9", "9", "1"], "hears \"Thank you, your appointment is confirmed. Goodbye.\""),
            ("appointment-reminder", ["hangup"], "hangs up"),
            ("support-menu", ["", "", "", ""], "hears \"Goodbye.\""),
            ("support-menu", ["7", "7", "7", "7"], "hears \"Goodbye.\""),
            ("support-menu", ["2", "2"], "hears \"Thank you for your answer. Goodbye.\""),
            ("support-menu", ["", "2", "2"], "hears \"Thank you for your answer. Goodbye.\""),
            ("support-menu", ["hangup"], "hangs up"),
            ("pin-capture", ["", "", ""], "hears \"Sorry, we could not get your PIN. Goodbye.\""),
            ("pin-capture", ["1#", "1#", "1#"], "hears \"Sorry, we could not get your PIN. Goodbye.\""),
            ("pin-capture", ["1234#", "2", "1234#", "1"], "hears \"Thank you, your PIN is confirmed. Goodbye.\""),
            ("pin-capture", ["1111#", "1"], "hears \"Thank you, your PIN is confirmed. Goodbye.\""),
            ("pin-capture", ["1234#", "hangup"], "hangs up"),
            ("default", [""], "presses nothing"),
            ("default", ["1", "1"], "presses 1"),
        };
        var data = new TheoryData<string, string[], string, bool>();
        foreach (var (flow, presses, line) in walks)
        {
            data.Add(flow, presses, line, false);
            data.Add(flow, presses, line, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Sample_flow_answers_every_kind_of_caller_with_or_without_redeliveries(string flow, string[] presses, string expectedLine, bool redeliver)
    {
        using var client = host.CreateOperatorClient();
        var script = CallerScript.Pressing(presses) with
        {
            DuplicateEvents = redeliver ? RedeliveredEvents : [],
        };

        using var placed = await client.PostAsJsonAsync(
            "/simulator/calls",
            new SimulatorCallRequest("15558675309", flow, Variables, script),
            TelesignVoiceJsonContext.Default.SimulatorCallRequest);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);

        var view = await AssertWalkAsync(client, started!.ReferenceId, expectedLine);
        // One stored event per event Telesign sent: a re-delivery adds none and advances nothing.
        var events = await host.Store.GetEventsAsync(started.ReferenceId, CancellationToken.None);
        Assert.Equal(view.Lines.Count(l => l.Who == TranscriptSpeakers.Telesign), events.Count);
        var redelivered = events.Count(e => RedeliveredEvents.Contains(e.EventName));
        // Each re-delivered event was abandoned, or its answer had come before the abandon (then Telesign has it).
        Assert.Equal(redeliver ? redelivered : 0, view.Lines.Count(l => l.Who == TranscriptSpeakers.Simulator
            && (l.Text.StartsWith("abandoned this", StringComparison.Ordinal) || l.Text.StartsWith("could not abandon this", StringComparison.Ordinal))));
    }

    private static readonly string[] RedeliveredEvents = ["dial_completed", "speak_completed", "play_completed", "call_leg_completed", "call_completed"];

    private static readonly Dictionary<string, string> InboundNumber = new(StringComparer.Ordinal)
    {
        ["appointment-reminder"] = "15550001001",
        ["support-menu"] = "15550001002",
        ["pin-capture"] = "15550001003",
        ["default"] = "15550001999",
    };

    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["name"] = "Ada",
        ["when"] = "Tuesday at 10 AM",
    };

    [Theory]
    [MemberData(nameof(OutboundWalks))]
    public async Task Sample_flow_runs_outbound_to_a_clean_end(string flow, string[] presses, string expectedLine)
    {
        using var client = host.CreateOperatorClient();

        using var placed = await client.PostAsJsonAsync(
            "/simulator/calls",
            new SimulatorCallRequest("15558675309", flow, Variables, CallerScript.Pressing(presses)),
            TelesignVoiceJsonContext.Default.SimulatorCallRequest);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);

        await AssertWalkAsync(client, started!.ReferenceId, expectedLine);
    }

    [Theory]
    [MemberData(nameof(InboundWalks))]
    public async Task Sample_flow_runs_inbound_to_a_clean_end(string flow, string[] presses, string expectedLine)
    {
        using var client = host.CreateOperatorClient();

        using var placed = await client.PostAsJsonAsync(
            "/simulator/inbound",
            new SimulatorInboundRequest("15555551212", InboundNumber[flow], CallerScript.Pressing(presses)),
            TelesignVoiceJsonContext.Default.SimulatorInboundRequest);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);

        await AssertWalkAsync(client, started!.ReferenceId, expectedLine);
    }

    private static async Task<SimulatedCallView> AssertWalkAsync(HttpClient client, string referenceId, string expectedLine)
    {
        var view = await client.GetFromJsonAsync($"/simulator/calls/{referenceId}?wait=30", TelesignVoiceJsonContext.Default.SimulatedCallView);
        var transcript = string.Join("\n", view!.Lines.Select(l => $"{l.Who}: {l.Text}"));

        Assert.True(view.State == SimulatedCallStates.Completed, $"{view.Error}\n{transcript}");
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Caller && l.Text == expectedLine);
        var record = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/calls/{referenceId}");
        Assert.Equal("completed", record.GetProperty("status").GetString());
        return view;
    }
}

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

    private static async Task AssertWalkAsync(HttpClient client, string referenceId, string expectedLine)
    {
        var view = await client.GetFromJsonAsync($"/simulator/calls/{referenceId}?wait=30", TelesignVoiceJsonContext.Default.SimulatedCallView);
        var transcript = string.Join("\n", view!.Lines.Select(l => $"{l.Who}: {l.Text}"));

        Assert.True(view.State == SimulatedCallStates.Completed, $"{view.Error}\n{transcript}");
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Caller && l.Text == expectedLine);
        var record = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/calls/{referenceId}");
        Assert.Equal("completed", record.GetProperty("status").GetString());
    }
}

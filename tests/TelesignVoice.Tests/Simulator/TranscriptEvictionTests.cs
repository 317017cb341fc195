using System.Net;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

public sealed class TwoTranscriptsHost : SimulatorHost
{
    public TwoTranscriptsHost() => WithSettings(new Dictionary<string, string?> { ["Simulator:MaxTranscripts"] = "2" });
}

public class TranscriptEvictionTests(TwoTranscriptsHost host) : IClassFixture<TwoTranscriptsHost>
{
    private async Task<string> RunCallAsync()
    {
        var started = host.Simulator.StartInbound("15555551212", "15558675309", CallerScript.Pressing("1"));
        var view = await host.WaitForCallAsync(started.ReferenceId);
        Assert.Equal(SimulatedCallStates.Completed, view.State);
        return started.ReferenceId;
    }

    [Fact]
    public async Task Only_the_last_MaxTranscripts_finished_calls_are_kept_and_the_oldest_goes_first()
    {
        using var client = host.CreateOperatorClient();

        var first = await RunCallAsync();
        var second = await RunCallAsync();
        var third = await RunCallAsync();

        Assert.Null(host.Simulator.Find(first));
        Assert.NotNull(host.Simulator.Find(second));
        Assert.NotNull(host.Simulator.Find(third));
        Assert.Equal(new[] { second, third }.Order(StringComparer.Ordinal), host.Simulator.Calls.Select(c => c.ReferenceId).Order(StringComparer.Ordinal));
        using var gone = await client.GetAsync($"/simulator/calls/{first}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}

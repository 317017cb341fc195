using System.Net;
using System.Net.Http.Json;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

public sealed class OneRunningCallHost : SimulatorHost
{
    public OneRunningCallHost() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Simulator:MaxRunningCalls"] = "1",
            ["Simulator:RingMilliseconds"] = "20000",
        });
}

public class RunningCallsCapTests(OneRunningCallHost host) : IClassFixture<OneRunningCallHost>
{
    [Fact]
    public async Task Beyond_the_running_calls_cap_a_new_simulated_call_is_refused_not_kept()
    {
        using var client = host.CreateOperatorClient();

        using var first = await client.PostAsJsonAsync(
            "/simulator/calls", new SimulatorCallRequest("15558675309", null, null, null), TelesignVoiceJsonContext.Default.SimulatorCallRequest);
        using var inbound = await client.PostAsJsonAsync(
            "/simulator/inbound", new SimulatorInboundRequest("15555551212", "15558675309", null), TelesignVoiceJsonContext.Default.SimulatorInboundRequest);
        var running = host.Simulator.Calls.Count;

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, inbound.StatusCode);
        Assert.Equal(1, running);
    }
}

using System.Net;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>The simulator's control API shares the operator API's per-key limit: a script cannot flood it.</summary>
public class SimulatorRateLimitTests
{
    [Fact]
    public async Task Simulator_requests_beyond_the_operator_limit_get_429_with_retry_after()
    {
        await using var host = new SimulatorHost();
        host.WithSettings(new Dictionary<string, string?>
        {
            ["Operators:RateLimit:PermitLimit"] = "2",
            ["Operators:RateLimit:WindowSeconds"] = "600",
        });
        using var client = host.CreateOperatorClient();

        using var first = await client.GetAsync(new Uri("/simulator/faults", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/simulator/calls/REF-NONE", UriKind.Relative));
        using var third = await client.GetAsync(new Uri("/simulator/faults", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Telesign;
using TelesignVoice.Telesign.Client;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Telesign;

[Collection(MetricsCollection.Name)]
public class TelesignMetricsTests(TelesignClientFactory factory) : IClassFixture<TelesignClientFactory>
{
    [Fact]
    public async Task Dials_attempts_and_retries_are_counted()
    {
        using var telesign = new FakeTelesign()
            .ThenStatus(HttpStatusCode.TooManyRequests, "rate_limit_exceeded")
            .ThenAccept("REF-METRICS");
        await using var host = factory.WithTelesign(telesign);
        var client = host.Services.GetRequiredService<TelesignClient>();
        using var http = host.CreateClient();

        await client.DialAsync(TelesignAction.Dial("15555551212", "15554441313"), CancellationToken.None);
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Matches("telesignvoice_dials_total\\{[^}]*outcome=\"accepted\"[^}]*\\} 1", metrics);
        Assert.Matches("telesignvoice_telesign_retries_total\\{[^}]*operation=\"dial\"[^}]*\\} 1", metrics);
        Assert.Matches("telesignvoice_telesign_request_duration_seconds_count\\{[^}]*status_code=\"429\"[^}]*\\} 1", metrics);
        Assert.Matches("telesignvoice_telesign_request_duration_seconds_count\\{[^}]*status_code=\"202\"[^}]*\\} 1", metrics);
    }
}

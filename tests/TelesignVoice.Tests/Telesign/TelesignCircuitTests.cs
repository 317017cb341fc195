using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Telesign;
using TelesignVoice.Telesign.Client;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Telesign;

public sealed class CircuitFactory : TelesignVoiceFactory
{
    public CircuitFactory() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Telesign:Resilience:CircuitBreaker:MinimumThroughput"] = "2",
            ["Telesign:Resilience:CircuitBreaker:FailureRatio"] = "0.5",
            ["Telesign:Resilience:CircuitBreaker:SamplingDuration"] = "00:01:00",
            ["Telesign:Resilience:CircuitBreaker:BreakDuration"] = "00:00:30",
        });
}

public class TelesignCircuitTests(CircuitFactory factory) : IClassFixture<CircuitFactory>
{
    [Fact]
    public async Task Circuit_opens_after_repeated_failures_and_recovers_after_the_break()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var telesign = new FakeTelesign()
            .ThenAnswer(HttpStatusCode.InternalServerError, "{}")
            .ThenAnswer(HttpStatusCode.ServiceUnavailable, "{}")
            .ThenAccept("REF-AFTER-RECOVERY");
        await using var host = factory.WithTelesign(telesign, services => services.AddSingleton<TimeProvider>(time));
        var client = host.Services.GetRequiredService<TelesignClient>();
        using var http = host.CreateClient();
        var dial = TelesignAction.Dial("15555551212", "15554441313");

        var first = await client.DialAsync(dial, CancellationToken.None);
        var second = await client.DialAsync(dial, CancellationToken.None);
        var whileOpen = await client.DialAsync(dial, CancellationToken.None);
        var readinessWhileOpen = await ReadTelesignCheckAsync(http);

        time.Advance(TimeSpan.FromSeconds(31));
        var afterBreak = await client.DialAsync(dial, CancellationToken.None);
        var readinessAfter = await ReadTelesignCheckAsync(http);

        Assert.Equal(DialOutcome.Unknown, first.Outcome);
        Assert.Equal(DialOutcome.Unknown, second.Outcome);
        Assert.Equal(DialOutcome.CircuitOpen, whileOpen.Outcome);
        Assert.NotNull(whileOpen.RetryAfter);
        Assert.Equal("Degraded", readinessWhileOpen);
        Assert.Equal(DialOutcome.Accepted, afterBreak.Outcome);
        Assert.Equal("Healthy", readinessAfter);
        Assert.Equal(3, telesign.Requests.Count);
    }

    private static async Task<string> ReadTelesignCheckAsync(HttpClient http)
    {
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative)))!;
        return body["checks"]!["telesign"]!["status"]!.GetValue<string>();
    }
}

using System.Net;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>
/// An open circuit pauses a campaign's dispatch; once the breaker's break has passed the campaign dials
/// again (the trial dial closes the circuit). Found by bench/campaign.sh: the dispatcher waited for the
/// circuit to close, which only a dial can do, and a campaign stalled for good.
/// </summary>
public sealed class CampaignCircuitTests : IAsyncLifetime
{
    private CampaignHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new CampaignHost(
            "InMemory",
            null,
            ("Telesign:Resilience:CircuitBreaker:MinimumThroughput", "2"),
            ("Telesign:Resilience:CircuitBreaker:FailureRatio", "0.5"),
            ("Telesign:Resilience:CircuitBreaker:BreakDuration", "00:00:30"),
            ("Campaigns:UnknownOutcomeWaitSeconds", "5"));
        _host.Telesign.Answer = (n, _) => n <= 2 ? FakeTelesign.Json(HttpStatusCode.ServiceUnavailable, "{}") : null;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task After_the_circuit_opens_the_campaign_waits_out_the_break_and_then_dials_the_rest()
    {
        var created = await _host.CreateAsync(new
        {
            name = "circuit",
            flow = "default",
            calls_per_second = 50,
            retry = new { },
            recipients = Enumerable.Range(1, 6).Select(i => new { to = $"155511100{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}0" }),
        });
        var id = created.GetProperty("id").GetString()!;

        await _host.RunUntilAsync(() => _host.Telesign.Dials.Count >= 2);
        var opened = _host.Clock.GetUtcNow();
        await _host.RunUntilAsync(() => _host.Telesign.Dials.Count == 6, step: TimeSpan.FromMilliseconds(500));

        var resumed = _host.Telesign.Dials[2].At;
        Assert.True(resumed - opened >= TimeSpan.FromSeconds(29), $"The third dial came {resumed - opened} after the circuit opened, inside its break.");
        Assert.All(_host.Telesign.Dials.Skip(2), dial => Assert.NotNull(dial.ReferenceId));
        Assert.Equal(6, _host.Telesign.Dials.Select(d => d.To).Distinct().Count());
        foreach (var dial in _host.Telesign.Accepted)
        {
            await _host.AnswerAsync(dial);
        }

        await _host.RunUntilAsync(() => _host.Store.FindCampaignAsync(id, default).Result!.Status == "completed");
        var counts = (await _host.GetAsync($"/campaigns/{id}")).GetProperty("counts");
        Assert.Equal((4, 2), (counts.GetProperty("reached").GetInt32(), counts.GetProperty("outcome_unknown").GetInt32()));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}

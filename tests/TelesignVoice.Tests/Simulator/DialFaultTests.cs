using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>The app's resilience settings shortened so faults play out fast.</summary>
public sealed class FaultHost : SimulatorHost
{
    public FaultHost() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Telesign:Resilience:RetryBaseDelay"] = "00:00:00.010",
            ["Telesign:Resilience:AttemptTimeout"] = "00:00:01",
        });

    public SimulatorFaults Faults => Services.GetRequiredService<SimulatorFaults>();
}

/// <summary>Injected dial faults against the Telesign client's Polly pipeline, through POST /calls.</summary>
public class DialFaultTests(FaultHost host) : IClassFixture<FaultHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<(HttpStatusCode Status, JsonElement Body)> PlaceAsync(string externalId, string to = "15558675309")
    {
        using var client = host.CreateOperatorClient();
        using var response = await client.PostAsync("/calls", JsonContent.Create(new { to, external_id = externalId }));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Json));
    }

    private int CallsPlacedFor(string externalId) => host.Simulator.Calls.Count(c => c.ExternalId == externalId);

    [Fact]
    public async Task Rate_limited_dial_is_retried_and_exactly_one_call_is_placed()
    {
        var externalId = Guid.NewGuid().ToString();
        host.Faults.Set(new FaultSettings(RateLimitedDials: 1));

        var (status, _) = await PlaceAsync(externalId);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(0, host.Faults.Current.RateLimitedDials);
        Assert.Equal(1, CallsPlacedFor(externalId));
    }

    [Fact]
    public async Task Server_error_is_an_unknown_outcome_504_and_is_not_dialled_again()
    {
        var externalId = Guid.NewGuid().ToString();
        host.Faults.Set(new FaultSettings(ServerErrorDials: 2, ServerErrorStatus: 503));

        var (status, body) = await PlaceAsync(externalId);
        var remaining = host.Faults.Current.ServerErrorDials;
        host.Faults.Clear();

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("The outcome of the dial is unknown", body.GetProperty("title").GetString());
        Assert.Equal(1, remaining);
        Assert.Equal(0, CallsPlacedFor(externalId));
    }

    [Fact]
    public async Task Slow_answer_past_the_attempt_timeout_is_an_unknown_outcome_504()
    {
        var externalId = Guid.NewGuid().ToString();
        host.Faults.Set(new FaultSettings(DialDelayMilliseconds: 3000));

        var (status, _) = await PlaceAsync(externalId);
        host.Faults.Clear();

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal(0, CallsPlacedFor(externalId));
    }

    [Fact]
    public async Task Blocked_number_is_refused_with_422_and_Telesign_status()
    {
        var (status, body) = await PlaceAsync(Guid.NewGuid().ToString(), to: "15550000000");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("to_number_blocked_by_customer", body.GetProperty("telesign_status").GetString());
    }
}

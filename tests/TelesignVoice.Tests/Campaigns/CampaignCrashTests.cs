extern alias faketelesign;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using faketelesign::FakeTelesign;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>
/// bench/FakeTelesign on loopback, in the test's own process so it outlives the servers the tests kill:
/// it records every dial and plays each as an answered call, re-delivering events until a server takes them.
/// </summary>
public sealed class LoopbackTelesign : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackTelesign(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public IReadOnlyList<DialEntry> Dials => _app.Services.GetRequiredService<DialLog>().All;

    public static async Task<LoopbackTelesign> StartAsync()
    {
        var app = FakeTelesignApp.Create(
        [
            "--urls=http://127.0.0.1:0",
            "--Fake:RecordDials=true",
            $"--Fake:CustomerId={TestAccount.CustomerId}",
            $"--Fake:ApiKey={TestAccount.ApiKey}",
            "--Fake:RingMilliseconds=100",
            "--Fake:DeliverySeconds=120",
        ]);
        await app.StartAsync();
        return new LoopbackTelesign(app);
    }

    /// <summary>Calls' events go to these servers from now on, in turn.</summary>
    public void SendEventsTo(params AppProcess[] servers) =>
        _app.Services.GetRequiredService<CallPlayer>().WebhookUrls = [.. servers.Select(s => $"http://127.0.0.1:{s.Port.ToString(CultureInfo.InvariantCulture)}/webhooks/telesign")];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A campaign run by the built server as a real process, killed with SIGKILL mid-campaign and started
/// again; and one campaign shared by two server processes on one PostgreSQL database. Dials are counted
/// at the fake Telesign: no attempt is ever dialled twice, and every recipient ends in a final state.
/// </summary>
public sealed class CampaignCrashTests : IDisposable
{
    private const int Recipients = 120;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_campaign_killed_three_times_loses_no_recipient_and_rings_no_attempt_twice()
    {
        await using var telesign = await LoopbackTelesign.StartAsync();
        var store = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "Sqlite",
            ["Storage__ConnectionString"] = $"Data Source={_folder.File("campaigns.db")}",
        };
        var server = await StartAsync(telesign, store);
        try
        {
            var id = await CreateCampaignAsync(server.Client);
            foreach (var dials in new[] { 25, 55, 85 })
            {
                await WaitUntilAsync(() => Task.FromResult(telesign.Dials.Count >= dials), TimeSpan.FromSeconds(90), () => $"{dials} dials before a kill; server output:\n{server.Output}");
                server.Kill();
                await server.DisposeAsync();
                server = await StartAsync(telesign, store);
            }

            var campaign = await WaitForEndAsync(server, id);
            await AssertEveryRecipientFinishedAndNoAttemptRangTwiceAsync(server.Client, id, campaign, telesign);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Two_instances_on_one_postgres_database_share_a_campaign_without_ringing_anyone_twice()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var telesign = await LoopbackTelesign.StartAsync();
        var store = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "Postgres",
            ["Storage__ConnectionString"] = database.ConnectionString,
        };
        await using var first = await StartAsync(telesign, store);
        await using var second = await StartAsync(telesign, store);
        telesign.SendEventsTo(first, second);

        var id = await CreateCampaignAsync(first.Client);
        var campaign = await WaitForEndAsync(second, id);

        await AssertEveryRecipientFinishedAndNoAttemptRangTwiceAsync(second.Client, id, campaign, telesign);
        var (byFirst, bySecond) = (await DialsSentAsync(first), await DialsSentAsync(second));
        Assert.True(byFirst > 0 && bySecond > 0, $"Both instances dial: {byFirst} and {bySecond}.");
    }

    private static async Task<AppProcess> StartAsync(LoopbackTelesign telesign, Dictionary<string, string> store)
    {
        var server = AppProcess.StartServer(new Dictionary<string, string>(store, StringComparer.Ordinal)
        {
            ["Telesign__BaseUrl"] = telesign.Url,
            ["Operators__ApiKeys__0"] = TestAccount.OperatorKey,
            ["Operators__RateLimit__PermitLimit"] = "100000",
            ["Campaigns__PollMilliseconds"] = "100",
            ["Campaigns__LeaseSeconds"] = "5",
            ["Campaigns__UnknownOutcomeWaitSeconds"] = "5",
            ["Telesign__Resilience__AttemptTimeout"] = "00:00:03",
            ["Telesign__Resilience__TotalTimeout"] = "00:00:05",
        });
        server.Client.DefaultRequestHeaders.Add("X-Api-Key", TestAccount.OperatorKey);
        await server.WaitUntilReadyAsync();
        telesign.SendEventsTo(server);
        return server;
    }

    private static async Task<string> CreateCampaignAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/campaigns", new
        {
            name = "crash",
            flow = "default",
            calls_per_second = 20,
            max_concurrent_calls = 100,
            recipients = Enumerable.Range(1, Recipients).Select(i => new { to = $"1555880{i.ToString("D4", CultureInfo.InvariantCulture)}" }),
        });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
        return created.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> WaitForEndAsync(AppProcess server, string id)
    {
        JsonElement campaign = default;
        await WaitUntilAsync(
            async () => (campaign = await server.Client.GetFromJsonAsync<JsonElement>($"/campaigns/{id}", Json)).GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(180),
            () => $"the campaign to complete (last seen {campaign}); server output:\n{server.Output}");
        return campaign;
    }

    private static async Task AssertEveryRecipientFinishedAndNoAttemptRangTwiceAsync(HttpClient client, string id, JsonElement campaign, LoopbackTelesign telesign)
    {
        var counts = campaign.GetProperty("counts");
        Assert.Equal(Recipients, counts.GetProperty("total").GetInt32());
        Assert.All(new[] { "pending", "waiting", "dialing", "in_call" }, state => Assert.Equal(0, counts.GetProperty(state).GetInt32()));

        var results = await client.GetStringAsync(new Uri($"/campaigns/{id}/results", UriKind.Relative));
        var rows = results.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(Recipients, rows.Select(r => r.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.All(rows, r => Assert.Contains(r.GetProperty("state").GetString(), new[] { "reached", "outcome_unknown" }));

        var dials = telesign.Dials;
        Assert.Empty(dials.GroupBy(d => d.ExternalId).Where(g => g.Count() > 1).Select(g => g.Key));
        // Every attempt is answered here, so no recipient has a second attempt: a number rung twice is a double dial.
        Assert.Empty(dials.GroupBy(d => d.To).Where(g => g.Count() > 1).Select(g => g.Key));
        // Every dial that left was a call whose events came back: its recipient is reached; the rest never rang.
        Assert.Equal(dials.Count, counts.GetProperty("reached").GetInt32());
    }

    /// <summary>The server's own count of campaign dials sent, from /metrics.</summary>
    private static async Task<long> DialsSentAsync(AppProcess server)
    {
        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return metrics.Split('\n')
            .Where(line => line.StartsWith("telesignvoice_campaign_dials_total", StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan limit, Func<string> what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {limit.TotalSeconds} s for {what()}.");
            await Task.Delay(100);
        }
    }

    public void Dispose() => _folder.Dispose();
}

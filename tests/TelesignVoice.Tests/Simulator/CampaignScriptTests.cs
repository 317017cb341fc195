using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>The simulator with a number scripted in configuration, and campaigns polled often.</summary>
public sealed class CampaignSimulatorHost : SimulatorHost
{
    public const string ConfiguredBusyOnce = "15557770009";

    public CampaignSimulatorHost() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Campaigns:PollMilliseconds"] = "50",
            ["Telesign:Resilience:RetryBaseDelay"] = "00:00:00.010",
            [$"Simulator:Numbers:{ConfiguredBusyOnce}:0:DialStatus"] = "busy",
            [$"Simulator:Numbers:{ConfiguredBusyOnce}:1:Presses:0"] = "5",
        });
}

/// <summary>
/// Campaigns run end to end in the simulator, each destination number following its own script dial
/// after dial (PUT /simulator/numbers/{number} or Simulator:Numbers), counted at the simulated account.
/// </summary>
public class CampaignScriptTests(CampaignSimulatorHost host) : IClassFixture<CampaignSimulatorHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly object Retry = new
    {
        busy = new { attempts = 3, delay_seconds = 0 },
        no_answer = new { attempts = 2, delay_seconds = 0 },
    };

    [Fact]
    public async Task Each_number_follows_its_scripts_busy_then_answered_never_answered_blocked_and_keys_pressed()
    {
        using var client = host.CreateOperatorClient();
        await ScriptAsync(client, "15557770001", new { dial_status = "busy" }, new { presses = new[] { "42*" } });
        await ScriptAsync(client, "15557770002", new { dial_status = "no_answer" });
        await ScriptAsync(client, "15557770003", new { dial_response = "to_number_blocked_by_customer" });
        await ScriptAsync(client, "15557770004", new { presses = new[] { "7" } });

        var id = await RunCampaignAsync(client, "15557770001", "15557770002", "15557770003", "15557770004");

        var recipients = (await client.GetFromJsonAsync<JsonElement>($"/campaigns/{id}/recipients", Json)).GetProperty("recipients");
        Assert.Equal(
            [
                ("reached", "busy,answered", "42"),
                ("exhausted", "no_answer,no_answer", null),
                ("invalid_number", "rejected", null),
                ("reached", "answered", "7"),
            ],
            recipients.EnumerateArray().Select(r => (
                r.GetProperty("state").GetString(),
                string.Join(',', r.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("outcome").GetString())),
                r.TryGetProperty("saved", out var saved) && saved.TryGetProperty("entered", out var entered) ? entered.GetString() : null)));

        // Each attempt rang once: the count is kept by the simulated account, not by the server.
        Assert.Equal(new[] { 2, 2, 1, 1 }, await DialsAsync(client, "15557770001", "15557770002", "15557770003", "15557770004"));
    }

    [Fact]
    public async Task A_number_scripted_in_configuration_is_busy_first_and_reached_on_attempt_2()
    {
        using var client = host.CreateOperatorClient();
        var configured = await client.GetFromJsonAsync<JsonElement>($"/simulator/numbers/{CampaignSimulatorHost.ConfiguredBusyOnce}", Json);
        Assert.Equal("busy", configured.GetProperty("attempts")[0].GetProperty("dial_status").GetString());

        var id = await RunCampaignAsync(client, CampaignSimulatorHost.ConfiguredBusyOnce);

        var recipient = (await client.GetFromJsonAsync<JsonElement>($"/campaigns/{id}/recipients", Json)).GetProperty("recipients")[0];
        Assert.Equal(("reached", 2, "5"), (
            recipient.GetProperty("state").GetString(),
            recipient.GetProperty("attempts").GetArrayLength(),
            recipient.GetProperty("saved").GetProperty("entered").GetString()));
    }

    [Fact]
    public async Task A_rate_limited_dial_from_the_faults_or_a_number_script_is_no_attempt_and_the_recipient_is_reached()
    {
        using var client = host.CreateOperatorClient();
        await ScriptAsync(client, "15557770011", new { dial_response = "rate_limit_exceeded" }, new { });
        using (var faults = await client.PutAsJsonAsync("/simulator/faults", new { rate_limited_dials = 2 }))
        {
            Assert.Equal(HttpStatusCode.OK, faults.StatusCode);
        }

        var id = await RunCampaignAsync(client, "15557770011", "15557770012");

        var recipients = (await client.GetFromJsonAsync<JsonElement>($"/campaigns/{id}/recipients", Json)).GetProperty("recipients");
        Assert.All(recipients.EnumerateArray(), r => Assert.Equal(("reached", 1), (r.GetProperty("state").GetString(), r.GetProperty("attempts").GetArrayLength())));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/simulator/faults", Json)).GetProperty("rate_limited_dials").GetInt32());
        // The scripted 429 reached the number (dial 1), the call that rang is dial 2.
        Assert.Equal(new[] { 2, 1 }, await DialsAsync(client, "15557770011", "15557770012"));
    }

    [Fact]
    public async Task Bad_number_scripts_are_refused_naming_the_field_and_a_deleted_script_is_gone()
    {
        using var client = host.CreateOperatorClient();
        using var bad = await client.PutAsJsonAsync("/simulator/numbers/123", new { attempts = new object?[] { new { }, new { dial_response = "maybe" }, null } });
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["attempts[1].dial_response", "attempts[2]", "number"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("dial_accepted, to_number_blocked_by_customer, rate_limit_exceeded", errors.GetProperty("attempts[1].dial_response")[0].GetString(), StringComparison.Ordinal);

        using var empty = await client.PutAsJsonAsync("/simulator/numbers/15557770021", new { attempts = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        await ScriptAsync(client, "15557770021", new { dial_status = "busy" });
        var listed = await client.GetFromJsonAsync<JsonElement>("/simulator/numbers", Json);
        Assert.Contains(listed.GetProperty("numbers").EnumerateArray(), n => n.GetProperty("number").GetString() == "15557770021");
        using (var deleted = await client.DeleteAsync(new Uri("/simulator/numbers/15557770021", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await client.GetAsync(new Uri("/simulator/numbers/15557770021", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task ScriptAsync(HttpClient client, string number, params object[] attempts)
    {
        using var response = await client.PutAsJsonAsync($"/simulator/numbers/{number}", new { attempts });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"dials\":0", body, StringComparison.Ordinal);
    }

    private static async Task<string> RunCampaignAsync(HttpClient client, params string[] numbers)
    {
        using var response = await client.PostAsJsonAsync("/campaigns", new
        {
            name = "scripted",
            flow = "default",
            calls_per_second = 20,
            retry = Retry,
            recipients = numbers.Select(to => new { to }),
        });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
        var id = created.GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(45);
        JsonElement campaign;
        while ((campaign = await client.GetFromJsonAsync<JsonElement>($"/campaigns/{id}", Json)).GetProperty("status").GetString() != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline, $"The campaign did not complete: {campaign}");
            await Task.Delay(100);
        }

        return id;
    }

    private static async Task<int[]> DialsAsync(HttpClient client, params string[] numbers) =>
        await Task.WhenAll(numbers.Select(async number =>
            (await client.GetFromJsonAsync<JsonElement>($"/simulator/numbers/{number}", Json)).GetProperty("dials").GetInt32()));
}

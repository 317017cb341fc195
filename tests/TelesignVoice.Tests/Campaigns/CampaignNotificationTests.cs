using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>
/// A campaign run end to end in the simulator, on SQLite, with an endpoint and a callback_url pointing at a
/// test receiver: each recipient's end and the campaign's completion arrive signed, once per target.
/// </summary>
public sealed class CampaignNotificationTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private NotificationReceiver _receiver = null!;
    private SimulatorHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _host = new SimulatorHost();
        _host.WithSettings(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={_folder.File("campaigns.db")}",
            ["Notifications:Endpoints:crm:Url"] = _receiver.Url,
            ["Notifications:Endpoints:crm:Secret"] = NotificationReceiver.Secret,
            ["Notifications:Endpoints:crm:Events"] = "campaign.completed campaign.recipient.finished",
            ["Notifications:CallbackSecret"] = NotificationReceiver.Secret,
            ["Notifications:AllowLoopbackHttp"] = "true",
            ["Notifications:PollIntervalMilliseconds"] = "100",
            ["Campaigns:PollMilliseconds"] = "50",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_completed_campaign_sends_each_recipients_end_and_its_completion_signed_to_the_endpoint_and_its_callback_url()
    {
        using var client = _host.CreateOperatorClient();
        using var created = await client.PostAsJsonAsync("/campaigns", new
        {
            name = "Tuesday reminders",
            flow = "default",
            callback_url = _receiver.Url,
            recipients = new[]
            {
                new { to = "15557770301", external_id = "patient-1" },
                new { to = "15557770302", external_id = "patient-2" },
            },
        });
        var campaign = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, campaign.ToString());
        var id = campaign.GetProperty("id").GetString()!;
        Assert.Equal(_receiver.Url, campaign.GetProperty("callback_url").GetString());

        var received = await _receiver.WaitForAsync(all => all.Count(r => r.Type == "campaign.completed") == 2, TimeSpan.FromSeconds(60));

        var status = await client.GetFromJsonAsync<JsonElement>(new Uri($"/campaigns/{id}", UriKind.Relative));
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.All(received, r => Assert.True(r.Verified && r.AnsweredStatus == 204, r.Signature));
        Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());

        var finished = received.Where(r => r.Type == "campaign.recipient.finished").Select(r => r.Json.GetProperty("data")).ToList();
        Assert.Equal(4, finished.Count);
        Assert.All(finished, data => Assert.Equal((id, "reached", 1, "answered"),
            (data.GetProperty("campaign_id").GetString(), data.GetProperty("state").GetString(), data.GetProperty("attempts").GetInt32(), data.GetProperty("outcome").GetString())));
        Assert.Equal(["patient-1", "patient-1", "patient-2", "patient-2"], finished.Select(d => d.GetProperty("external_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(finished, data => Assert.False(string.IsNullOrEmpty(data.GetProperty("reference_id").GetString())));

        var completed = received.Last(r => r.Type == "campaign.completed").Json.GetProperty("data");
        Assert.Equal((id, "Tuesday reminders", "completed"), (completed.GetProperty("campaign_id").GetString(), completed.GetProperty("name").GetString(), completed.GetProperty("state").GetString()));
        Assert.Equal("""{"total":2,"reached":2}""", completed.GetProperty("counts").GetRawText());

        // A campaign's notifications keep their order for each receiver: its recipients end before it completes.
        Assert.True(received.TakeWhile(r => r.Type != "campaign.completed").Count(r => r.Type == "campaign.recipient.finished") >= 2);
    }
}

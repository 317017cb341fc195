using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Campaigns;
using TelesignVoice.Telesign.Client;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>
/// The app in memory on one store, with a fake clock and <see cref="CampaignTelesign"/> at the HTTP
/// boundary. Tests play Telesign's part in the call by posting its events to the webhook.
/// </summary>
public sealed class CampaignHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplicationFactory<Program> _app;

    public CampaignHost(string provider, string? connectionString, params (string Key, string Value)[] settings)
    {
        Clock = new FakeTimeProvider(Start);
        Telesign = new CampaignTelesign(Clock);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
            ["Operators:RateLimit:PermitLimit"] = "100000",
            ["Campaigns:PollMilliseconds"] = "100",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        _app = new TelesignVoiceFactory().WithSettings(all).WithServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddHttpClient(TelesignClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Telesign);
        });
        Client = _app.CreateOperatorClient();
    }

    public FakeTimeProvider Clock { get; }

    public CampaignTelesign Telesign { get; }

    public HttpClient Client { get; }

    public ICampaignStore Store => _app.Services.GetRequiredService<ICampaignStore>();

    public async Task<JsonElement> CreateAsync(object campaign)
    {
        using var response = await Client.PostAsJsonAsync("/campaigns", campaign);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body;
    }

    public async Task<JsonElement> GetAsync(string path) => await Client.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Moves the fake clock in steps, letting the dispatcher run between them, until <paramref name="done"/> holds.</summary>
    public async Task RunUntilAsync(Func<bool> done, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var by = step ?? TimeSpan.FromMilliseconds(100);
        var deadline = Clock.GetUtcNow() + (limit ?? TimeSpan.FromMinutes(10));
        var realDeadline = DateTime.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(Clock.GetUtcNow() < deadline && DateTime.UtcNow < realDeadline, $"The condition did not come true in time (fake clock at {Clock.GetUtcNow():O}). {Describe()}");
            Clock.Advance(by);
            await Task.Delay(5);
        }
    }

    private string Describe()
    {
        var lines = new List<string>();
        foreach (var campaign in Store.ListCampaignsAsync(null, null, 10, default).Result.Campaigns)
        {
            lines.Add($"{campaign.Id} {campaign.Status}: " + string.Join(", ", Store.ListRecipientsAsync(campaign.Id, null, 0, 20, default).Result
                .Select(r => $"{r.Seq} {r.State} next {r.NextAttemptAt:O} lease {r.LeaseUntil:O}")));
        }

        return string.Join("; ", lines);
    }

    /// <summary>Lets fake time pass (the dispatcher runs meanwhile) without waiting for anything.</summary>
    public async Task RunForAsync(TimeSpan span, TimeSpan? step = null)
    {
        var end = Clock.GetUtcNow() + span;
        await RunUntilAsync(() => Clock.GetUtcNow() >= end, step, span + TimeSpan.FromSeconds(1));
    }

    public async Task<string> StateOfAsync(string campaignId, long seq) =>
        (await Store.FindRecipientAsync(campaignId, seq, default))!.State;

    public async Task RunUntilStateAsync(string campaignId, long seq, string state, TimeSpan? step = null)
    {
        var current = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((current = await StateOfAsync(campaignId, seq)) != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Recipient {seq} stayed {current}, never {state}.");
            Clock.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }
    }

    /// <summary>Telesign's dial_completed for a dial, with the given status.</summary>
    public Task<string> DialCompletedAsync(Dial dial, string status) =>
        PostEventAsync(dial, "dial_completed", new { to = dial.To, from = "15554441313", status });

    public Task<string> SpeakCompletedAsync(Dial dial, string digits) =>
        PostEventAsync(dial, "speak_completed", new { status = "speak_successful", collected_digits = digits });

    public Task<string> CallCompletedAsync(Dial dial, bool answered = true) =>
        PostEventAsync(dial, "call_completed", new
        {
            duration = 5,
            created_on_utc = "2026-03-02T12:00:00.000",
            answered_on_utc = answered ? "2026-03-02T12:00:02.000" : null,
            ended_on_utc = "2026-03-02T12:00:07.000",
            status = "hangup",
            to = dial.To,
            from = "15554441313",
            direction = "outbound",
        });

    /// <summary>An answered call that the default flow runs to its end.</summary>
    public async Task AnswerAsync(Dial dial)
    {
        await DialCompletedAsync(dial, "answered");
        await CallCompletedAsync(dial);
    }

    private async Task<string> PostEventAsync(Dial dial, string name, object data)
    {
        var body = JsonSerializer.Serialize(new { @event = name, reference_id = dial.ReferenceId, external_id = dial.ExternalId, data });
        using var request = TelesignSigner.SignedEvent(body);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        Telesign.Dispose();
    }
}

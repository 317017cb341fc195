using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Campaigns;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>What a campaign does, over HTTP, run on each store by the classes deriving from this one.</summary>
public abstract class CampaignBehaviourTests : IAsyncLifetime
{
    protected CampaignHost Host { get; private set; } = null!;

    protected abstract Task<CampaignHost> CreateHostAsync(params (string Key, string Value)[] settings);

    public virtual async Task InitializeAsync() => Host = await CreateHostAsync();

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();

    private static object Campaign(object[] recipients, object? retry = null, double calls = 50, int concurrent = 100, object? hours = null) => new
    {
        name = "reminders",
        flow = "default",
        recipients,
        calls_per_second = calls,
        max_concurrent_calls = concurrent,
        retry = retry ?? new { },
        calling_hours = hours,
    };

    [StoreFact]
    public async Task Every_recipient_is_dialled_once_duplicates_are_called_once_and_answered_ones_are_reached()
    {
        var created = await Host.CreateAsync(Campaign([new { to = "15551110001" }, new { to = "+1 555 111 0002" }, new { to = "1-555-111-0001" }]));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal((2, 1, "running"), (created.GetProperty("counts").GetProperty("total").GetInt32(), created.GetProperty("duplicates").GetInt32(), created.GetProperty("status").GetString()));
        Assert.Equal("api-key-0", created.GetProperty("created_by").GetString());

        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 2);
        foreach (var dial in Host.Telesign.Dials)
        {
            await Host.AnswerAsync(dial);
        }

        await Host.RunUntilAsync(() => Host.Store.FindCampaignAsync(id, default).Result!.Status == "completed");
        var campaign = await Host.GetAsync($"/campaigns/{id}");
        Assert.Equal((2, 2), (campaign.GetProperty("counts").GetProperty("reached").GetInt32(), campaign.GetProperty("counts").GetProperty("total").GetInt32()));
        Assert.Equal(["15551110001", "15551110002"], Host.Telesign.Dials.Select(d => d.To).Order());
        Assert.Equal($"campaign:{id}:1:1", Host.Telesign.Dials.Single(d => d.To == "15551110001").ExternalId);

        var recipients = await Host.GetAsync($"/campaigns/{id}/recipients");
        var first = recipients.GetProperty("recipients")[0];
        Assert.Equal("1********01", first.GetProperty("to").GetString());
        Assert.Equal("answered", first.GetProperty("attempts")[0].GetProperty("outcome").GetString());
        Assert.StartsWith("REF-", first.GetProperty("attempts")[0].GetProperty("reference_id").GetString(), StringComparison.Ordinal);

        // The campaign's calls name the key that created it, as a call placed through POST /calls does.
        var call = await Host.GetAsync($"/calls/{first.GetProperty("attempts")[0].GetProperty("reference_id").GetString()}");
        Assert.Equal("api-key-0", call.GetProperty("placed_by").GetString());
        Assert.Equal("api-key-0", (await Host.GetAsync($"/campaigns/{id}")).GetProperty("created_by").GetString());
    }

    [StoreFact]
    public async Task A_busy_line_is_tried_again_after_the_delay_and_then_reached()
    {
        var id = (await Host.CreateAsync(Campaign([new { to = "15551110001" }], retry: new { busy = new { attempts = 3, delay_seconds = 60 } }))).GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);
        await Host.DialCompletedAsync(Host.Telesign.Dials[0], "busy");
        Assert.Equal("waiting", await Host.StateOfAsync(id, 1));

        await Host.RunForAsync(TimeSpan.FromSeconds(55));
        Assert.Single(Host.Telesign.Dials);
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 2);
        Assert.True(Host.Telesign.Dials[1].At - Host.Telesign.Dials[0].At >= TimeSpan.FromSeconds(60));
        Assert.Equal($"campaign:{id}:1:2", Host.Telesign.Dials[1].ExternalId);
        await Host.AnswerAsync(Host.Telesign.Dials[1]);

        var recipient = (await Host.GetAsync($"/campaigns/{id}/recipients")).GetProperty("recipients")[0];
        Assert.Equal("reached", recipient.GetProperty("state").GetString());
        Assert.Equal(["busy", "answered"], recipient.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()));
    }

    [StoreFact]
    public async Task A_number_never_answered_is_exhausted_after_its_attempts()
    {
        var id = (await Host.CreateAsync(Campaign([new { to = "15551110001" }], retry: new { no_answer = new { attempts = 2, delay_seconds = 10 } }))).GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);
        await Host.DialCompletedAsync(Host.Telesign.Dials[0], "no_answer");
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 2);
        await Host.DialCompletedAsync(Host.Telesign.Dials[1], "no-answer");

        await Host.RunForAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        Assert.Equal("exhausted", await Host.StateOfAsync(id, 1));
        Assert.Equal(2, Host.Telesign.Dials.Count);
        Assert.Equal("completed", (await Host.GetAsync($"/campaigns/{id}")).GetProperty("status").GetString());
    }

    [StoreFact]
    public async Task A_suppressed_number_is_never_dialled_by_a_campaign_nor_by_post_calls()
    {
        using var put = await Host.Client.PutAsJsonAsync("/suppressions/+1 555 111 0001", new { reason = "asked not to be called" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var id = (await Host.CreateAsync(Campaign([new { to = "15551110001" }, new { to = "15551110002" }]))).GetProperty("id").GetString()!;

        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);
        await Host.RunUntilStateAsync(id, 1, "suppressed");
        Assert.Equal("15551110002", Host.Telesign.Dials.Single().To);

        using var call = await Host.Client.PostAsJsonAsync("/calls", new { to = "15551110001" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, call.StatusCode);
        Assert.Equal("application/problem+json", call.Content.Headers.ContentType?.MediaType);
        Assert.Single(Host.Telesign.Dials);

        var listed = await Host.GetAsync("/suppressions");
        Assert.Equal("asked not to be called", listed.GetProperty("suppressions")[0].GetProperty("reason").GetString());
        using var deleted = await Host.Client.DeleteAsync("/suppressions/15551110001");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await Host.Client.GetAsync("/suppressions/15551110001");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [StoreFact]
    public async Task Pause_stops_dialling_before_the_next_dial_and_resume_carries_on()
    {
        var recipients = Enumerable.Range(1, 4).Select(i => (object)new { to = $"1555111000{i}" }).ToArray();
        var id = (await Host.CreateAsync(Campaign(recipients, calls: 1))).GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);

        using var paused = await Host.Client.PostAsync($"/campaigns/{id}/pause", null);
        var atPause = Host.Telesign.Dials.Count;
        Assert.Equal("paused", (await paused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await Host.RunForAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(atPause, Host.Telesign.Dials.Count);

        using var resumed = await Host.Client.PostAsync($"/campaigns/{id}/resume", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 4);
        Assert.Equal(4, Host.Telesign.Dials.Select(d => d.To).Distinct().Count());
    }

    [StoreFact]
    public async Task Cancel_ends_every_waiting_recipient_and_dials_nobody_after_it()
    {
        var recipients = Enumerable.Range(1, 5).Select(i => (object)new { to = $"1555111000{i}" }).ToArray();
        var id = (await Host.CreateAsync(Campaign(recipients, calls: 1))).GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);

        using var cancelled = await Host.Client.PostAsync($"/campaigns/{id}/cancel", null);
        var atCancel = Host.Telesign.Dials.Count;
        var body = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        await Host.RunForAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(atCancel, Host.Telesign.Dials.Count);
        Assert.True(body.GetProperty("counts").GetProperty("cancelled").GetInt32() >= 5 - atCancel);

        using var again = await Host.Client.PostAsync($"/campaigns/{id}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [StoreFact]
    public async Task Dials_keep_the_campaign_rate_and_its_cap_on_calls_in_progress()
    {
        var recipients = Enumerable.Range(10, 12).Select(i => (object)new { to = $"155511100{i}" }).ToArray();
        await Host.CreateAsync(Campaign(recipients, calls: 2, concurrent: 5));

        await Host.RunForAsync(TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(10));
        var dials = Host.Telesign.Dials.OrderBy(d => d.At).ToList();
        Assert.Equal(5, dials.Count);
        for (var i = 1; i < dials.Count; i++)
        {
            Assert.True(dials[i].At - dials[i - 1].At >= TimeSpan.FromMilliseconds(400), $"dial {i} came {(dials[i].At - dials[i - 1].At).TotalMilliseconds} ms after the one before");
        }

        await Host.AnswerAsync(dials[0]);
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 6);
    }

    [StoreFact]
    public async Task Outside_calling_hours_the_recipient_waits_for_its_local_morning()
    {
        // 12:00 UTC is 21:00 in Tokyo: the hours 09:00-20:00 open at 00:00 UTC the next day.
        var id = (await Host.CreateAsync(Campaign(
            [new { to = "15551110001", time_zone = "Asia/Tokyo" }, new { to = "15551110002", time_zone = "Europe/London" }],
            hours: new { start = "09:00", end = "20:00" }))).GetProperty("id").GetString()!;

        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);
        Assert.Equal("15551110002", Host.Telesign.Dials[0].To);
        await Host.RunForAsync(TimeSpan.FromHours(11.9), TimeSpan.FromMinutes(1));
        Assert.True(Host.Telesign.Dials.Count == 1, string.Join(", ", Host.Telesign.Dials.Select(d => $"{d.To}@{d.At:O}")));
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 2, TimeSpan.FromSeconds(1));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), Host.Telesign.Dials[1].At, TimeSpan.FromMinutes(2));
        Assert.Equal("15551110001", Host.Telesign.Dials[1].To);
    }

    [StoreFact]
    public async Task A_rate_limited_dial_is_not_counted_as_an_attempt_and_goes_through_later()
    {
        Host.Telesign.Answer = (n, _) => n <= 6 ? CampaignTelesign.RateLimited() : null;
        var id = (await Host.CreateAsync(Campaign([new { to = "15551110001" }]))).GetProperty("id").GetString()!;

        await Host.RunUntilAsync(() => Host.Telesign.Accepted.Count == 1, TimeSpan.FromMilliseconds(500));
        Assert.True(Host.Telesign.Dials.Count > 1);
        await Host.AnswerAsync(Host.Telesign.Accepted[0]);
        var recipient = (await Host.GetAsync($"/campaigns/{id}/recipients")).GetProperty("recipients")[0];
        Assert.Equal("reached", recipient.GetProperty("state").GetString());
        Assert.Equal(1, recipient.GetProperty("attempts").GetArrayLength());
    }

    [StoreFact]
    public async Task A_dial_whose_outcome_is_unknown_is_never_sent_again_and_ends_as_outcome_unknown()
    {
        Host.Telesign.Answer = (_, _) => FakeTelesign.Json(HttpStatusCode.BadGateway, "{}");
        var id = (await Host.CreateAsync(Campaign([new { to = "15551110001" }], retry: new { failed = new { attempts = 3, delay_seconds = 1 } }))).GetProperty("id").GetString()!;

        await Host.RunUntilStateAsync(id, 1, "in_call");
        await Host.RunUntilStateAsync(id, 1, "outcome_unknown", TimeSpan.FromSeconds(10));
        Assert.Single(Host.Telesign.Dials);
    }

    [StoreFact]
    public async Task The_flow_reaching_a_retry_step_is_an_outcome_that_is_retried()
    {
        var created = await Host.CreateAsync(new
        {
            name = "reminders",
            flow = "appointment-reminder",
            calls_per_second = 10,
            retry = new Dictionary<string, object> { ["no-answer"] = new { attempts = 2, delay_seconds = 30 } },
            recipients = new[] { new { to = "15551110001", variables = new { name = "Ada", when = "Tuesday" } } },
        });
        var id = created.GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);
        var dial = Host.Telesign.Dials[0];
        await Host.DialCompletedAsync(dial, "answered");
        for (var i = 0; i < 3; i++)
        {
            Host.Clock.Advance(TimeSpan.FromSeconds(10));
            await Host.SpeakCompletedAsync(dial, string.Empty);
        }

        await Host.CallCompletedAsync(dial);
        var attempt = (await Host.GetAsync($"/campaigns/{id}/recipients")).GetProperty("recipients")[0].GetProperty("attempts")[0];
        Assert.Equal(("answered", "no-answer"), (attempt.GetProperty("outcome").GetString(), attempt.GetProperty("final_step").GetString()));
        Assert.Equal("waiting", await Host.StateOfAsync(id, 1));
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 2, TimeSpan.FromSeconds(1));
    }

    [StoreFact]
    public async Task Results_stream_one_row_per_recipient_as_ndjson_or_csv()
    {
        var id = (await Host.CreateAsync(Campaign([new { to = "15551110001", external_id = "patient-1" }, new { to = "15551110002", external_id = "patient-2" }]))).GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 2);
        await Host.AnswerAsync(Host.Telesign.Dials.Single(d => d.To == "15551110001"));

        using var ndjson = await Host.Client.GetAsync($"/campaigns/{id}/results");
        Assert.Equal("application/x-ndjson", ndjson.Content.Headers.ContentType?.MediaType);
        var lines = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["reached", "in_call"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("state").GetString()));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/campaigns/{id}/results");
        request.Headers.Accept.ParseAdd("text/csv");
        using var csv = await Host.Client.SendAsync(request);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,to,external_id,state,attempts,last_outcome,reference_ids,final_step,digits,saved", rows[0]);
        Assert.StartsWith("1,1********01,patient-1,reached,1,answered,REF-", rows[1], StringComparison.Ordinal);
        Assert.Equal(3, rows.Length);
    }

    [StoreFact]
    public async Task A_campaign_whose_stored_rate_is_absurd_neither_fails_nor_stalls_the_other_campaigns()
    {
        // As an earlier version could have stored it, before the rate was validated on creation.
        var now = Host.Clock.GetUtcNow();
        var broken = new CampaignRecord
        {
            Id = "cmp_0000000000000broken",
            Name = "broken",
            Flow = "default",
            Status = CampaignStatuses.Creating,
            CreatedAt = now,
            Settings = new CampaignSettings { CallerIdNumber = "15554441313", CallsPerSecond = 1e-300, MaxConcurrentCalls = 10 },
        };
        await Host.Store.CreateCampaignAsync(broken, default);
        await Host.Store.AddRecipientsAsync(broken.Id, [new RecipientRecord { CampaignId = broken.Id, Seq = 1, To = "15551119999", State = RecipientStates.Pending, NextAttemptAt = now, UpdatedAt = now }], default);
        Assert.True(await Host.Store.UpdateCampaignAsync(broken with { Status = CampaignStatuses.Running, Total = 1 }, CampaignStatuses.Creating, default));
        await Host.CreateAsync(Campaign([new { to = "15551110001" }, new { to = "15551110002" }]));

        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 3);
        Assert.Equal(["15551110001", "15551110002", "15551119999"], Host.Telesign.Dials.Select(d => d.To).Order());
    }

    [StoreFact]
    public async Task After_a_cancel_every_recipient_reaches_a_final_state_and_the_counts_add_up()
    {
        var recipients = Enumerable.Range(1, 5).Select(i => (object)new { to = $"1555111000{i}" }).ToArray();
        var id = (await Host.CreateAsync(Campaign(recipients, retry: new { busy = new { attempts = 3, delay_seconds = 60 } }, concurrent: 3))).GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 3);
        await Host.RunUntilAsync(() => Host.Store.CountRecipientsAsync(id, default).Result.GetValueOrDefault("in_call") == 3);

        using var cancelled = await Host.Client.PostAsync(new Uri($"/campaigns/{id}/cancel", UriKind.Relative), null);
        var counts = (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("counts");
        Assert.Equal((3, 2), (counts.GetProperty("in_call").GetInt32(), counts.GetProperty("cancelled").GetInt32()));

        var dials = Host.Telesign.Dials.OrderBy(d => d.ExternalId, StringComparer.Ordinal).ToList();
        await Host.AnswerAsync(dials[0]);
        await Host.DialCompletedAsync(dials[1], "busy");
        // The third call never reports its end: its attempt's deadline settles it, although the campaign is cancelled.
        await Host.RunUntilAsync(() => Host.Store.CountRecipientsAsync(id, default).Result.GetValueOrDefault("in_call") == 0, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));

        var campaign = (await Host.GetAsync($"/campaigns/{id}")).GetProperty("counts");
        var states = RecipientStates.All.ToDictionary(state => state, state => campaign.GetProperty(state).GetInt32());
        Assert.Equal(5, campaign.GetProperty("total").GetInt32());
        Assert.Equal(5, states.Values.Sum());
        Assert.Equal((1, 3, 1), (states["reached"], states["cancelled"], states["outcome_unknown"]));
        Assert.All(RecipientStates.Open, state => Assert.Equal(0, states[state]));
        Assert.Equal(3, Host.Telesign.Dials.Count);
    }

    [StoreFact]
    public async Task A_pause_answered_stops_an_attempt_that_another_instance_claimed_before_it()
    {
        // One call every 100 s: the second recipient stays unclaimed by this instance, free for "another" one.
        var id = (await Host.CreateAsync(Campaign([new { to = "15551110001" }, new { to = "15551110002" }], calls: 0.01))).GetProperty("id").GetString()!;
        await Host.RunUntilAsync(() => Host.Telesign.Dials.Count == 1);
        var now = Host.Clock.GetUtcNow();
        var claimed = Assert.Single(await Host.Store.ClaimRecipientsAsync(id, "instance-b", now, now.AddSeconds(30), 1, default));

        using var paused = await Host.Client.PostAsync(new Uri($"/campaigns/{id}/pause", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        RecipientRecord? Start(RecipientRecord r) => r.LeaseOwner == "instance-b" && r.State == RecipientStates.Pending
            ? r with { State = RecipientStates.Dialing, Attempts = 1 }
            : null;
        Assert.Null(await Host.Store.StartAttemptAsync(id, claimed.Seq, Start, default));
        Assert.Equal("pending", await Host.StateOfAsync(id, claimed.Seq));

        using var resumed = await Host.Client.PostAsync(new Uri($"/campaigns/{id}/resume", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("dialing", (await Host.Store.StartAttemptAsync(id, claimed.Seq, Start, default))?.State);
        Assert.Single(Host.Telesign.Dials);
    }
}

using System.Text.Json;
using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Tests.Storage;

/// <summary>The contract's second half: lifecycle order, listing, dials, idempotency keys, retention.</summary>
public abstract partial class CallStoreContractTests
{
    [StoreFact]
    public async Task A_call_completed_that_overtook_dial_completed_leaves_the_call_completed()
    {
        var completed = Parse("""{"event":"call_completed","reference_id":"ref-order","data":{"duration":6,"status":"hangup","direction":"outbound"}}""");
        var dialed = Parse("""{"event":"dial_completed","reference_id":"ref-order","data":{"to":"15558675309","status":"answered"}}""");

        var afterCompleted = CallLifecycle.Apply(null, completed, T0);
        await Store.CommitEventAsync(afterCompleted, Event("ref-order", "call_completed", "h1"), default);
        var stored = (await Store.FindCallAsync("ref-order", default))!;
        var afterDial = CallLifecycle.Apply(stored, dialed, T0.AddSeconds(1));
        var result = await Store.CommitEventAsync(afterDial with { Version = stored.Version }, Event("ref-order", "dial_completed", "h2"), default);

        Assert.Equal(CommitStatus.Committed, result.Status);
        var final = (await Store.FindCallAsync("ref-order", default))!;
        Assert.Equal(CallStatuses.Completed, final.Status);
        Assert.Equal((6, "hangup"), (final.EndOfCall?.DurationSeconds, final.EndOfCall?.Status));
    }

    [StoreFact]
    public async Task A_placed_call_keeps_who_placed_it_through_later_events()
    {
        Assert.True(await Store.InsertCallAsync(NewCall("ref-placed", T0) with { PlacedBy = "crm" }, default));
        var stored = (await Store.FindCallAsync("ref-placed", default))!;

        await Store.CommitEventAsync(stored with { Step = "menu" }, Event("ref-placed", "dial_completed", "h-placed"), default);

        Assert.Equal("crm", (await Store.FindCallAsync("ref-placed", default))!.PlacedBy);
        Assert.Equal("crm", (await Store.ListCallsAsync(new CallQuery(null, 10, null), default)).Calls.Single(c => c.ReferenceId == "ref-placed").PlacedBy);
    }

    [StoreFact]
    public async Task Calls_are_listed_newest_first_page_by_page()
    {
        // Two calls share a creation time: the reference id breaks the tie, so no page repeats or skips one.
        string[] expected = ["ref-5", "ref-4b", "ref-4a", "ref-3", "ref-2", "ref-1"];
        foreach (var referenceId in expected.Reverse())
        {
            var minute = referenceId[4] - '0';
            Assert.True(await Store.InsertCallAsync(NewCall(referenceId, T0.AddMinutes(minute)), default));
        }

        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.ListCallsAsync(new CallQuery(null, 4, cursor), default);
            listed.AddRange(page.Calls.Select(call => call.ReferenceId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(expected, listed);
        Assert.Equal(2, pages);
    }

    [StoreFact]
    public async Task Listing_by_status_returns_only_calls_in_that_status()
    {
        await Store.InsertCallAsync(NewCall("ref-a", T0, CallStatuses.Completed), default);
        await Store.InsertCallAsync(NewCall("ref-b", T0.AddMinutes(1), CallStatuses.InProgress), default);
        await Store.InsertCallAsync(NewCall("ref-c", T0.AddMinutes(2), CallStatuses.Completed), default);

        var page = await Store.ListCallsAsync(new CallQuery(CallStatuses.Completed, 10, null), default);

        Assert.Equal(["ref-c", "ref-a"], page.Calls.Select(call => call.ReferenceId));
        Assert.Null(page.NextCursor);
    }

    [StoreFact]
    public async Task Listing_filters_by_time_flow_number_and_external_id_together()
    {
        await Store.InsertCallAsync(NewCall("ref-old", T0) with { Flow = "survey", To = "15550001111", ExternalId = "ext-1" }, default);
        await Store.InsertCallAsync(NewCall("ref-mid", T0.AddMinutes(5)) with { Flow = "survey", To = "15550001111", ExternalId = "ext-2" }, default);
        await Store.InsertCallAsync(NewCall("ref-in", T0.AddMinutes(6)) with { Flow = "survey", From = "15550001111", To = "15559990000", Direction = TelesignDirections.Inbound }, default);
        await Store.InsertCallAsync(NewCall("ref-other", T0.AddMinutes(7)) with { Flow = "default", To = "15550002222" }, default);
        await Store.InsertCallAsync(NewCall("ref-new", T0.AddMinutes(10)) with { Flow = "survey", To = "15550001111" }, default);

        async Task<IEnumerable<string>> ListAsync(CallQuery query) =>
            (await Store.ListCallsAsync(query, default)).Calls.Select(call => call.ReferenceId);

        Assert.Equal(["ref-in", "ref-mid"], await ListAsync(new CallQuery(null, 10, null) { CreatedFrom = T0.AddMinutes(5), CreatedBefore = T0.AddMinutes(7), Flow = "survey" }));
        Assert.Equal(["ref-new", "ref-in", "ref-mid", "ref-old"], await ListAsync(new CallQuery(null, 10, null) { Number = "15550001111" }));
        Assert.Equal(["ref-mid"], await ListAsync(new CallQuery(null, 10, null) { ExternalId = "ext-2" }));
        Assert.Equal(["ref-other"], await ListAsync(new CallQuery(null, 10, null) { Flow = "default" }));
        Assert.Empty(await ListAsync(new CallQuery(null, 10, null) { Flow = "survey", Number = "15550002222" }));
    }

    [StoreFact]
    public async Task Listing_filters_by_outcome_and_by_external_id_prefix()
    {
        await Store.InsertCallAsync(NewCall("ref-busy", T0) with { Outcome = "busy", ExternalId = "campaign:c1:1:1" }, default);
        await Store.InsertCallAsync(NewCall("ref-answered", T0.AddMinutes(1)) with { Outcome = "answered", ExternalId = "campaign:c1:2:1" }, default);
        await Store.InsertCallAsync(NewCall("ref-other", T0.AddMinutes(2)) with { Outcome = "busy", ExternalId = "campaign:c10:1:1" }, default);
        await Store.InsertCallAsync(NewCall("ref-plain", T0.AddMinutes(3)) with { ExternalId = "x_campaign:c1:" }, default);

        async Task<IEnumerable<string>> ListAsync(CallQuery query) =>
            (await Store.ListCallsAsync(query, default)).Calls.Select(call => call.ReferenceId);

        Assert.Equal(["ref-other", "ref-busy"], await ListAsync(new CallQuery(null, 10, null) { Outcome = "busy" }));
        Assert.Equal(["ref-answered", "ref-busy"], await ListAsync(new CallQuery(null, 10, null) { ExternalIdPrefix = "campaign:c1:" }));
        Assert.Equal(["ref-busy"], await ListAsync(new CallQuery(null, 10, null) { ExternalIdPrefix = "campaign:c1:", Outcome = "busy" }));
    }

    [StoreFact]
    public async Task A_cursor_that_does_not_decode_gives_the_first_page()
    {
        await Store.InsertCallAsync(NewCall("ref-x", T0), default);
        await Store.InsertCallAsync(NewCall("ref-y", T0.AddMinutes(1)), default);

        var page = await Store.ListCallsAsync(new CallQuery(null, 10, "not a cursor!"), default);

        Assert.Equal(["ref-y", "ref-x"], page.Calls.Select(call => call.ReferenceId));
    }

    [StoreFact]
    public async Task Dials_are_kept_with_telesigns_answer_in_order()
    {
        var accepted = new DialRecord("ref-dial", "ext-1", T0, """{"to":"15558675309"}""", 200, """{"reference_id":"ref-dial"}""", "accepted");
        var retried = accepted with { RequestedAt = T0.AddSeconds(1), HttpStatus = null, ResponseJson = null, Outcome = "timeout" };
        await Store.RecordDialAsync(accepted, default);
        await Store.RecordDialAsync(retried, default);
        await Store.RecordDialAsync(accepted with { ReferenceId = null, Outcome = "rejected" }, default);

        Assert.Equal([accepted, retried], await Store.GetDialsAsync("ref-dial", default));
    }

    [StoreFact]
    public async Task An_idempotency_key_is_claimed_once_completed_and_released()
    {
        Assert.Null(await Store.ClaimIdempotencyKeyAsync("key-1", "hash-a", T0, default));

        var pending = await Store.ClaimIdempotencyKeyAsync("key-1", "hash-b", T0.AddSeconds(1), default);
        Assert.Equal(("hash-a", true, T0), (pending?.RequestHash, pending?.IsPending, pending?.CreatedAt));

        await Store.CompleteIdempotencyKeyAsync("key-1", 202, """{"reference_id":"r"}""", default);
        var done = await Store.ClaimIdempotencyKeyAsync("key-1", "hash-a", T0.AddSeconds(2), default);
        Assert.Equal((202, """{"reference_id":"r"}"""), (done?.StatusCode, done?.ResponseJson));

        await Store.ReleaseIdempotencyKeyAsync("key-1", default);
        Assert.Null(await Store.ClaimIdempotencyKeyAsync("key-1", "hash-c", T0.AddSeconds(3), default));
    }

    [StoreFact]
    public async Task Two_claims_of_one_key_at_once_leave_one_owner()
    {
        var claims = await Task.WhenAll(
            Store.ClaimIdempotencyKeyAsync("key-race", "hash-a", T0, default),
            Store.ClaimIdempotencyKeyAsync("key-race", "hash-b", T0, default));

        Assert.Single(claims, claim => claim is null);
        Assert.Single(claims, claim => claim is { IsPending: true });
    }

    [StoreFact]
    public async Task Purging_removes_old_calls_with_their_events_and_dials_and_keeps_newer_ones()
    {
        await Store.CommitEventAsync(NewCall("ref-old", T0), Event("ref-old", "incoming_call", "h1"), default);
        await Store.RecordDialAsync(new DialRecord("ref-old", "e", T0, "{}", 200, "{}", "accepted"), default);
        await Store.CommitEventAsync(NewCall("ref-new", T0.AddDays(2)), Event("ref-new", "incoming_call", "h1"), default);
        await Store.RecordDialAsync(new DialRecord("ref-new", "e", T0.AddDays(2), "{}", 200, "{}", "accepted"), default);

        var purged = await Store.PurgeCallsCreatedBeforeAsync(T0.AddDays(1), 100, default);

        Assert.Equal(1, purged);
        Assert.Null(await Store.FindCallAsync("ref-old", default));
        Assert.Empty(await Store.GetEventsAsync("ref-old", default));
        Assert.Null((await Store.FindCallAndEventAsync("ref-old", "h1", default)).LatestWithSameBody);
        Assert.Empty(await Store.GetDialsAsync("ref-old", default));
        Assert.NotNull(await Store.FindCallAsync("ref-new", default));
        Assert.Single(await Store.GetEventsAsync("ref-new", default));
        Assert.Single(await Store.GetDialsAsync("ref-new", default));
        Assert.Equal(0, await Store.PurgeCallsCreatedBeforeAsync(T0.AddDays(1), 100, default));
    }

    [StoreFact]
    public async Task A_purge_deletes_at_most_its_limit_oldest_first()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CommitEventAsync(NewCall($"ref-batch-{i}", T0.AddMinutes(i)), Event($"ref-batch-{i}", "incoming_call", "h1"), default);
        }

        var first = await Store.PurgeCallsCreatedBeforeAsync(T0.AddDays(1), 3, default);
        var remaining = (await Store.ListCallsAsync(new CallQuery(null, 10, null), default)).Calls.Select(c => c.ReferenceId);
        var second = await Store.PurgeCallsCreatedBeforeAsync(T0.AddDays(1), 3, default);

        Assert.Equal((3, 2), (first, second));
        Assert.Equal(["ref-batch-4", "ref-batch-3"], remaining);
        Assert.Empty(await Store.GetEventsAsync("ref-batch-0", default));
    }

    private static TelesignVoice.Telesign.TelesignEvent Parse(string json) =>
        JsonSerializer.Deserialize(json, TelesignVoiceJsonContext.Default.TelesignEvent)!;
}

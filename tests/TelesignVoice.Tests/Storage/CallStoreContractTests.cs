using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>
/// What every call store promises, run against each provider by the classes deriving from this one.
/// Times are whole milliseconds: PostgreSQL keeps microseconds, SQLite and memory keep ticks.
/// </summary>
public abstract partial class CallStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 31, 8, 0, 0, TimeSpan.Zero);

    private const string HangupJson = """{"jsonrpc":"2.0","method":"hangup","params":{}}""";
    private const string SpeakJson = """{"jsonrpc":"2.0","method":"speak","params":{"tts":{"message":"Hello","language":"en-US"}}}""";

    protected ICallStore Store { get; private set; } = null!;

    protected abstract Task<ICallStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [StoreFact]
    public async Task A_first_event_stores_the_call_at_version_1_with_every_field()
    {
        var call = NewCall("ref-new") with
        {
            ExternalId = "order-42",
            Flow = "reminder",
            Step = "confirm",
            Attempts = 2,
            Variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = "Ada", ["slot"] = "9:30" },
            Digits = [new CollectedDigits("confirm", "1", T0.AddSeconds(3))],
            EndOfCall = new EndOfCall(6, "2026-01-31T08:00:00", "2026-01-31T08:00:02", "2026-01-31T08:00:08", "hangup", "outbound", null),
        };

        var result = await Store.CommitEventAsync(call, Event("ref-new", "incoming_call", "h1", SpeakJson), default);

        Assert.Equal(CommitStatus.Committed, result.Status);
        var stored = await Store.FindCallAsync("ref-new", default);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(("order-42", "inbound", "15558675309", "15555551212"), (stored.ExternalId, stored.Direction, stored.To, stored.From));
        Assert.Equal(("reminder", "confirm", 2, CallStatuses.InProgress), (stored.Flow, stored.Step, stored.Attempts, stored.Status));
        Assert.Equal(call.Variables, stored.Variables);
        Assert.Equal(call.Digits, stored.Digits);
        Assert.Equal(call.EndOfCall, stored.EndOfCall);
        Assert.Equal((T0, T0), (stored.CreatedAt, stored.UpdatedAt));
        var evt = Assert.Single(await Store.GetEventsAsync("ref-new", default));
        Assert.Equal(Event("ref-new", "incoming_call", "h1", SpeakJson), evt);
    }

    [StoreFact]
    public async Task A_commit_from_the_current_version_advances_the_call()
    {
        await Store.CommitEventAsync(NewCall("ref-advance"), Event("ref-advance", "incoming_call", "h1"), default);
        var stored = (await Store.FindCallAsync("ref-advance", default))!;

        var next = stored with { Digits = [new CollectedDigits(null, "42", T0.AddSeconds(5))], UpdatedAt = T0.AddSeconds(5) };
        var result = await Store.CommitEventAsync(next, Event("ref-advance", "speak_completed", "h2"), default);

        Assert.Equal(CommitStatus.Committed, result.Status);
        var after = (await Store.FindCallAsync("ref-advance", default))!;
        Assert.Equal(2, after.Version);
        Assert.Equal("42", Assert.Single(after.Digits).Digits);
        Assert.Equal(T0.AddSeconds(5), after.UpdatedAt);
        Assert.Equal(["incoming_call", "speak_completed"], (await Store.GetEventsAsync("ref-advance", default)).Select(e => e.EventName));
    }

    [StoreFact]
    public async Task The_call_and_the_latest_event_with_a_body_are_found_together()
    {
        await Store.CommitEventAsync(NewCall("ref-both"), Event("ref-both", "incoming_call", "h1", SpeakJson), default);
        var atVersion1 = (await Store.FindCallAsync("ref-both", default))!;
        await Store.CommitEventAsync(atVersion1 with { Step = "menu" }, Event("ref-both", "speak_completed", "h2", HangupJson), default);

        var (call, first) = await Store.FindCallAndEventAsync("ref-both", "h1", default);
        var (_, unknownBody) = await Store.FindCallAndEventAsync("ref-both", "h9", default);
        var (unknownCall, noEvent) = await Store.FindCallAndEventAsync("ref-none", "h1", default);

        Assert.Equal((2L, "menu"), (call?.Version, call?.Step));
        Assert.Equal(("incoming_call", SpeakJson), (first?.EventName, first?.ActionJson));
        Assert.Null(unknownBody);
        Assert.Equal((null, null), (unknownCall, noEvent));
    }

    [StoreFact]
    public async Task A_body_committed_again_at_the_same_call_version_gets_the_stored_action_and_changes_nothing()
    {
        await Store.CommitEventAsync(NewCall("ref-dup"), Event("ref-dup", "incoming_call", "h1"), default);
        var atVersion1 = (await Store.FindCallAsync("ref-dup", default))!;
        await Store.CommitEventAsync(atVersion1 with { Step = "first" }, Event("ref-dup", "speak_completed", "h2", SpeakJson), default);

        // The re-delivery was handled from the version its twin was handled at: the body is already
        // stored for that version, and that outranks the version check.
        var again = await Store.CommitEventAsync(
            atVersion1 with { Step = "second" },
            Event("ref-dup", "speak_completed", "h2", HangupJson),
            default);

        Assert.Equal(CommitStatus.Duplicate, again.Status);
        Assert.Equal(SpeakJson, again.StoredEvent?.ActionJson);
        Assert.Equal(SpeakJson, (await Store.FindCallAndEventAsync("ref-dup", "h2", default)).LatestWithSameBody?.ActionJson);
        var after = (await Store.FindCallAsync("ref-dup", default))!;
        Assert.Equal((2L, "first"), (after.Version, after.Step));
        Assert.Equal(2, (await Store.GetEventsAsync("ref-dup", default)).Count);
    }

    [StoreFact]
    public async Task The_same_body_at_a_later_call_version_is_a_new_event_and_is_found_as_the_latest()
    {
        // Two silences in a row: Telesign's events carry no id or timestamp, so their bodies are identical.
        await Store.CommitEventAsync(NewCall("ref-repeat"), Event("ref-repeat", "incoming_call", "h1"), default);
        var atVersion1 = (await Store.FindCallAsync("ref-repeat", default))!;
        await Store.CommitEventAsync(atVersion1 with { Attempts = 1 }, Event("ref-repeat", "speak_completed", "h2", SpeakJson), default);
        var atVersion2 = (await Store.FindCallAsync("ref-repeat", default))!;

        var repeat = await Store.CommitEventAsync(
            atVersion2 with { Attempts = 2 },
            Event("ref-repeat", "speak_completed", "h2", HangupJson) with { ReceivedAt = T0.AddSeconds(10) },
            default);

        Assert.Equal(CommitStatus.Committed, repeat.Status);
        var latest = (await Store.FindCallAndEventAsync("ref-repeat", "h2", default)).LatestWithSameBody;
        Assert.Equal((HangupJson, T0.AddSeconds(10)), (latest?.ActionJson, latest?.ReceivedAt));
        var after = (await Store.FindCallAsync("ref-repeat", default))!;
        Assert.Equal((3L, 2), (after.Version, after.Attempts));
        Assert.Equal(["h1", "h2", "h2"], (await Store.GetEventsAsync("ref-repeat", default)).Select(e => e.BodyHash));
    }

    [StoreFact]
    public async Task Two_deliveries_of_one_body_at_one_call_version_at_once_store_one_event_and_both_get_its_action()
    {
        await Store.CommitEventAsync(NewCall("ref-race"), Event("ref-race", "incoming_call", "h1"), default);
        var stored = (await Store.FindCallAsync("ref-race", default))!;

        var results = await Task.WhenAll(
            Store.CommitEventAsync(stored with { Attempts = 1 }, Event("ref-race", "speak_completed", "h2", SpeakJson), default),
            Store.CommitEventAsync(stored with { Attempts = 2 }, Event("ref-race", "speak_completed", "h2", HangupJson), default));

        var committed = Assert.Single(results, r => r.Status == CommitStatus.Committed);
        var duplicate = Assert.Single(results, r => r.Status == CommitStatus.Duplicate);
        var winnerAction = committed == results[0] ? SpeakJson : HangupJson;
        Assert.Equal(winnerAction, duplicate.StoredEvent?.ActionJson);
        Assert.Equal(2, (await Store.GetEventsAsync("ref-race", default)).Count);
        var after = (await Store.FindCallAsync("ref-race", default))!;
        Assert.Equal((2L, committed == results[0] ? 1 : 2), (after.Version, after.Attempts));
    }

    [StoreFact]
    public async Task A_commit_from_a_stale_version_is_refused_and_changes_nothing()
    {
        await Store.CommitEventAsync(NewCall("ref-stale"), Event("ref-stale", "incoming_call", "h1"), default);
        var stale = (await Store.FindCallAsync("ref-stale", default))!;
        await Store.CommitEventAsync(stale with { Step = "second" }, Event("ref-stale", "speak_completed", "h2"), default);

        var result = await Store.CommitEventAsync(stale with { Step = "lost" }, Event("ref-stale", "play_completed", "h3"), default);

        Assert.Equal(CommitStatus.Conflict, result.Status);
        Assert.Null((await Store.FindCallAndEventAsync("ref-stale", "h3", default)).LatestWithSameBody);
        var after = (await Store.FindCallAsync("ref-stale", default))!;
        Assert.Equal((2L, "second"), (after.Version, after.Step));
    }

    [StoreFact]
    public async Task Two_different_events_from_one_version_at_once_commit_one_and_refuse_the_other()
    {
        await Store.CommitEventAsync(NewCall("ref-conflict"), Event("ref-conflict", "incoming_call", "h1"), default);
        var stored = (await Store.FindCallAsync("ref-conflict", default))!;

        var results = await Task.WhenAll(
            Store.CommitEventAsync(stored with { Step = "a" }, Event("ref-conflict", "speak_completed", "ha"), default),
            Store.CommitEventAsync(stored with { Step = "b" }, Event("ref-conflict", "call_completed", "hb"), default));

        Assert.Single(results, r => r.Status == CommitStatus.Committed);
        Assert.Single(results, r => r.Status == CommitStatus.Conflict);
        var after = (await Store.FindCallAsync("ref-conflict", default))!;
        Assert.Equal(2, after.Version);
        var winner = results[0].Status == CommitStatus.Committed ? ("a", "ha") : ("b", "hb");
        Assert.Equal(winner.Item1, after.Step);
        Assert.Equal(["h1", winner.Item2], (await Store.GetEventsAsync("ref-conflict", default)).Select(e => e.BodyHash));
    }

    [StoreFact]
    public async Task Two_first_events_of_a_new_call_at_once_create_it_once()
    {
        var results = await Task.WhenAll(
            Store.CommitEventAsync(NewCall("ref-first") with { Step = "a" }, Event("ref-first", "dial_completed", "ha"), default),
            Store.CommitEventAsync(NewCall("ref-first") with { Step = "b" }, Event("ref-first", "call_completed", "hb"), default));

        Assert.Single(results, r => r.Status == CommitStatus.Committed);
        Assert.Single(results, r => r.Status == CommitStatus.Conflict);
        Assert.Equal(1, (await Store.FindCallAsync("ref-first", default))!.Version);
        Assert.Single(await Store.GetEventsAsync("ref-first", default));
    }

    [StoreFact]
    public async Task Inserting_a_placed_call_twice_keeps_the_first()
    {
        var placed = NewCall("ref-placed") with { Direction = TelesignDirections.Outbound, Status = CallStatuses.Dialing };

        Assert.True(await Store.InsertCallAsync(placed, default));
        Assert.False(await Store.InsertCallAsync(placed with { Status = CallStatuses.Unknown }, default));

        var stored = (await Store.FindCallAsync("ref-placed", default))!;
        Assert.Equal((1L, CallStatuses.Dialing, TelesignDirections.Outbound), (stored.Version, stored.Status, stored.Direction));
        Assert.Null(await Store.FindCallAsync("ref-missing", default));
    }

    [StoreFact]
    public async Task The_store_answers_its_ping() =>
        Assert.True((await Record.ExceptionAsync(() => Store.PingAsync(default))) is null);

    protected static CallRecord NewCall(string referenceId, DateTimeOffset? at = null, string status = CallStatuses.InProgress) => new()
    {
        ReferenceId = referenceId,
        Direction = TelesignDirections.Inbound,
        To = "15558675309",
        From = "15555551212",
        Status = status,
        CreatedAt = at ?? T0,
        UpdatedAt = at ?? T0,
    };

    protected static EventRecord Event(string referenceId, string eventName, string bodyHash, string actionJson = HangupJson) =>
        new(referenceId, eventName, bodyHash, $$"""{"event":"{{eventName}}","reference_id":"{{referenceId}}"}""", T0, actionJson, actionJson == HangupJson ? "hangup" : "speak");
}

using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>What the re-delivery rule reads: the call's latest event, the version it was handled at, and whether its answer was given.</summary>
public abstract partial class CallStoreContractTests
{
    [StoreFact]
    public async Task The_calls_latest_event_is_found_whatever_its_body_with_the_version_it_was_handled_at()
    {
        await Store.CommitEventAsync(NewCall("ref-latest"), Event("ref-latest", "incoming_call", "h1"), default);
        var atVersion1 = (await Store.FindCallAsync("ref-latest", default))!;
        await Store.CommitEventAsync(atVersion1 with { Step = "menu" }, Event("ref-latest", "speak_completed", "h2"), default);

        var found = await Store.FindCallAndEventAsync("ref-latest", "h1", default);

        Assert.Equal(("h1", 0L, false), (found.LatestWithSameBody?.BodyHash, found.LatestWithSameBody?.CallVersion, found.LatestWithSameBody?.AnswerGiven));
        Assert.Equal(("h2", 1L, false), (found.Latest?.BodyHash, found.Latest?.CallVersion, found.Latest?.AnswerGiven));
        Assert.Null((await Store.FindCallAndEventAsync("ref-nothing", "h1", default)).Latest);
    }

    [StoreFact]
    public async Task Marking_an_answer_given_marks_only_that_version_and_twice_is_harmless()
    {
        await Store.CommitEventAsync(NewCall("ref-given"), Event("ref-given", "incoming_call", "h1"), default);
        var atVersion1 = (await Store.FindCallAsync("ref-given", default))!;
        await Store.CommitEventAsync(atVersion1, Event("ref-given", "speak_completed", "h2"), default);

        await Store.MarkAnswerGivenAsync("ref-given", 1, default);
        await Store.MarkAnswerGivenAsync("ref-given", 1, default);
        await Store.MarkAnswerGivenAsync("ref-other", 1, default);

        var events = await Store.GetEventsAsync("ref-given", default);
        Assert.Equal([(0L, false), (1L, true)], events.Select(e => (e.CallVersion, e.AnswerGiven)));
        Assert.True((await Store.FindCallAndEventAsync("ref-given", "h2", default)).Latest?.AnswerGiven);
    }

    [StoreFact]
    public async Task A_calls_outcome_and_transfer_legs_are_kept()
    {
        var call = NewCall("ref-outcome") with
        {
            Outcome = "no_answer",
            Legs = [new CallLeg("15555550100", "15554441313", "hangup", 20, T0.AddSeconds(30))],
        };

        await Store.CommitEventAsync(call, Event("ref-outcome", "dial_completed", "h1"), default);
        var stored = (await Store.FindCallAsync("ref-outcome", default))!;
        await Store.CommitEventAsync(stored with { Status = CallStatuses.Completed }, Event("ref-outcome", "call_completed", "h2"), default);

        var final = (await Store.FindCallAsync("ref-outcome", default))!;
        Assert.Equal(("no_answer", CallStatuses.Completed), (final.Outcome, final.Status));
        Assert.Equal(call.Legs, final.Legs);
    }
}

using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

/// <summary>
/// Tells a re-delivery from a new event with the same bytes (a second silence, the same key at two
/// prompts), from facts the server has rather than from time (docs/webhook-redelivery.md):
/// <list type="number">
/// <item>Telesign waits for our answer before the call moves on, so only the call's latest event can be
/// re-delivered while the call runs. An identical body is a re-delivery when that latest event's answer was
/// never given (written, its request completed without being aborted): the connection dropped, the process
/// died between commit and answer, or the first delivery is still in flight.</item>
/// <item>Given or not, it is a re-delivery when it cannot be new for the call's state: a call has one
/// dial_completed, one incoming_call and one call_completed; after a hangup or a dial answer no
/// speak_completed or play_completed can follow; a call_leg_completed follows only a dial; after
/// call_completed nothing identical to an earlier event is new.</item>
/// </list>
/// Otherwise the answer was given and the event could follow it: it is new and runs the flow.
/// </summary>
public static class RedeliveryRule
{
    /// <param name="eventName">The arriving event's name.</param>
    /// <param name="call">The call as stored (null when unknown).</param>
    /// <param name="latest">The call's latest stored event.</param>
    /// <param name="sameBody">The latest stored event with the arriving body (not null).</param>
    /// <param name="writing">The answer this instance was writing for the call when the event arrived, if any.</param>
    public static async Task<bool> IsRedeliveryAsync(
        string eventName,
        CallRecord? call,
        EventRecord? latest,
        EventRecord sameBody,
        AnswerDeliveries.Delivery? writing)
    {
        ArgumentNullException.ThrowIfNull(sameBody);
        if (IsOncePerCall(eventName))
        {
            return true;
        }

        if (latest is null || latest.CallVersion != sameBody.CallVersion)
        {
            // The body matches an older event: the call moved on since, which Telesign does only after our
            // answer, so it is a new event unless the call is over.
            return call?.Status == CallStatuses.Completed;
        }

        var given = latest.AnswerGiven
            || (writing is not null && writing.CallVersion == latest.CallVersion && await writing.WasGivenAsync());
        return !given || !CanFollow(latest.ActionMethod, eventName);
    }

    private static bool IsOncePerCall(string eventName) =>
        eventName is TelesignEventNames.DialCompleted or TelesignEventNames.IncomingCall or TelesignEventNames.CallCompleted;

    /// <summary>Whether <paramref name="eventName"/> can be the event that follows an answer with this method.</summary>
    private static bool CanFollow(string? answeredMethod, string eventName) => eventName switch
    {
        TelesignEventNames.SpeakCompleted or TelesignEventNames.PlayCompleted =>
            answeredMethod is not (TelesignMethods.Hangup or TelesignMethods.Dial),
        TelesignEventNames.CallLegCompleted => answeredMethod == TelesignMethods.Dial,
        _ => true,
    };
}

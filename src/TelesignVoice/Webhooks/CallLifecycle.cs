using TelesignVoice.Calls;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

/// <summary>
/// What every event says about a call whatever flow runs it: a first event creates the record, dial and
/// leg results set the status, and call_completed stores the end-of-call record. Handlers see the call
/// after this has been applied.
/// </summary>
public static class CallLifecycle
{
    public static CallRecord Apply(CallRecord? stored, TelesignEvent evt, DateTimeOffset now)
    {
        var call = stored ?? NewCall(evt, now);
        call = call with { UpdatedAt = now, ExternalId = call.ExternalId ?? evt.ExternalId };
        return evt.Event switch
        {
            TelesignEventNames.DialCompleted => ApplyDialCompleted(call, evt.DataAs<DialCompletedData>()),
            TelesignEventNames.SpeakCompleted or TelesignEventNames.PlayCompleted =>
                ApplyDigits(call, evt.DataAs<PromptCompletedData>()?.CollectedDigits, now),
            TelesignEventNames.CallCompleted => ApplyCallCompleted(call, evt.DataAs<CallCompletedData>()),
            TelesignEventNames.CallLegCompleted => ApplyLegCompleted(call, evt.DataAs<CallLegCompletedData>(), now),
            _ => call,
        };
    }

    private static CallRecord NewCall(TelesignEvent evt, DateTimeOffset now)
    {
        var isInbound = evt.Event == TelesignEventNames.IncomingCall;
        var numbers = evt.DataAs<IncomingCallData>();
        return new CallRecord
        {
            ReferenceId = evt.ReferenceId!,
            ExternalId = evt.ExternalId,
            Direction = isInbound ? TelesignDirections.Inbound : TelesignDirections.Outbound,
            To = WireText.WithoutControlCharacters(numbers?.To),
            From = WireText.WithoutControlCharacters(numbers?.From),
            Status = isInbound ? CallStatuses.InProgress : CallStatuses.Dialing,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static CallRecord ApplyDialCompleted(CallRecord call, DialCompletedData? data)
    {
        // Kept as sent, whatever comes after: a finished call that was never answered can be found by it.
        call = call with { Outcome = WireText.WithoutControlCharacters(data?.Status) ?? call.Outcome };

        // A call_completed that overtook this event has the last word on the status.
        if (call.Status == CallStatuses.Completed)
        {
            return call;
        }

        var answered = string.Equals(data?.Status, TelesignStatuses.Answered, StringComparison.OrdinalIgnoreCase);
        return call with
        {
            Status = answered ? CallStatuses.InProgress : CallStatuses.NotAnswered,
            To = call.To ?? WireText.WithoutControlCharacters(data?.To),
            From = call.From ?? WireText.WithoutControlCharacters(data?.From),
        };
    }

    private static CallRecord ApplyLegCompleted(CallRecord call, CallLegCompletedData? data, DateTimeOffset now) =>
        call with
        {
            Legs =
            [
                .. call.Legs,
                new CallLeg(
                    WireText.WithoutControlCharacters(data?.To),
                    WireText.WithoutControlCharacters(data?.From),
                    WireText.WithoutControlCharacters(data?.Status),
                    data?.Duration,
                    now),
            ],
        };

    // Control characters (a NUL, which PostgreSQL's jsonb refuses) are dropped from whatever is stored.
    private static CallRecord ApplyDigits(CallRecord call, string? digits, DateTimeOffset now) =>
        WireText.WithoutControlCharacters(digits) is not { Length: > 0 } clean
            ? call
            : call with { Digits = [.. call.Digits, new CollectedDigits(call.Step, clean, now)] };

    private static CallRecord ApplyCallCompleted(CallRecord call, CallCompletedData? data) =>
        call with
        {
            Status = CallStatuses.Completed,
            To = call.To ?? WireText.WithoutControlCharacters(data?.To),
            From = call.From ?? WireText.WithoutControlCharacters(data?.From),
            EndOfCall = data is null
                ? null
                : new EndOfCall(
                    data.Duration is { } seconds ? (int)Math.Round(seconds) : null,
                    WireText.WithoutControlCharacters(data.CreatedOnUtc),
                    WireText.WithoutControlCharacters(data.AnsweredOnUtc),
                    WireText.WithoutControlCharacters(data.EndedOnUtc),
                    WireText.WithoutControlCharacters(data.Status),
                    WireText.WithoutControlCharacters(data.Direction),
                    WireText.WithoutControlCharacters(data.AudioRecordingFileName)),
        };
}

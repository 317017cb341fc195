using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Privacy;

namespace TelesignVoice.Notifications;

/// <summary>
/// Decides what one committed call event sends: a <c>flow.result</c> for every notify step the flow
/// passed, and <c>call.completed</c> when the call has just ended. The webhook processor writes the
/// messages with the event's commit, so they exist exactly when the event does.
/// </summary>
public sealed class CallNotifications(OutgoingNotifications outgoing, INotificationStore store, FlowCatalog flows)
{
    /// <summary>The variable a campaign sets on the calls it places; reported as campaign_id.</summary>
    public const string CampaignIdVariable = "campaign_id";

    /// <param name="before">The call as stored before this event (null when new).</param>
    /// <param name="after">The call as this event leaves it.</param>
    public async Task<IReadOnlyList<OutboxMessage>> ForEventAsync(
        CallRecord? before,
        CallRecord after,
        IReadOnlyList<FlowResult> flowResults,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(flowResults);
        var completed = after.Status == CallStatuses.Completed && before?.Status != CallStatuses.Completed;
        if (!completed && flowResults.Count == 0)
        {
            return [];
        }

        var callbackUrl = after.ExternalId is { } externalId ? await store.FindCallbackAsync(externalId, cancellationToken) : null;
        var campaignId = after.Variables.GetValueOrDefault(CampaignIdVariable);
        var messages = new List<OutboxMessage>();
        foreach (var result in flowResults)
        {
            var data = new FlowResultNotification(after.ReferenceId, after.ExternalId, campaignId, result.Flow, result.Step, result.Values);
            messages.AddRange(outgoing.Create(NotificationEventTypes.FlowResult, after.ReferenceId, data, callbackUrl));
        }

        if (completed)
        {
            messages.AddRange(outgoing.Create(NotificationEventTypes.CallCompleted, after.ReferenceId, Completed(before, after, campaignId), callbackUrl));
        }

        return messages;
    }

    private CallCompletedNotification Completed(CallRecord? before, CallRecord call, string? campaignId)
    {
        var flow = flows.Find(call.Flow);
        var end = call.EndOfCall;
        return new CallCompletedNotification(
            call.ReferenceId,
            call.ExternalId,
            campaignId,
            call.Direction,
            call.To,
            call.From,
            call.Flow,
            Outcome(before, call),
            end?.Status,
            end?.DurationSeconds,
            end?.AnsweredOnUtc,
            end?.EndedOnUtc,
            [.. call.Digits.Select(entry => new NotifiedDigits(entry.Step, SensitiveEntries.Digits(flow, entry), entry.At))],
            SensitiveEntries.Variables(flow, call.Variables.Where(variable => variable.Key != CampaignIdVariable)));
    }

    /// <summary>How the call went for the person called: the status it had just before it ended.</summary>
    private static string Outcome(CallRecord? before, CallRecord call) => before?.Status switch
    {
        CallStatuses.Transferred => "transferred",
        CallStatuses.InProgress => "answered",
        CallStatuses.NotAnswered => "not_answered",
        _ => string.IsNullOrEmpty(call.EndOfCall?.AnsweredOnUtc) ? "not_answered" : "answered",
    };
}

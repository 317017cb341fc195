using TelesignVoice.Flows;
using TelesignVoice.Notifications;
using TelesignVoice.Privacy;

namespace TelesignVoice.Campaigns;

/// <summary>
/// What a campaign tells the customer's systems (docs/notifications.md): <c>campaign.recipient.finished</c>
/// when a recipient reaches its final state, and <c>campaign.completed</c> when the campaign ends, completed
/// or cancelled. The stores call it inside the transaction of the change, so a notification exists exactly
/// when its change was committed; it goes to every configured endpoint that wants the type and to the
/// campaign's own <c>callback_url</c>.
/// </summary>
public sealed class CampaignNotifications(OutgoingNotifications outgoing, FlowCatalog flows)
{
    /// <summary>The messages for a recipient that has just reached <paramref name="finished"/>'s final state.</summary>
    public IReadOnlyList<OutboxMessage> RecipientFinished(CampaignRecord campaign, RecipientRecord finished)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(finished);
        var last = finished.Data.AttemptLog.Count > 0 ? finished.Data.AttemptLog[^1] : null;
        var data = new RecipientFinishedNotification(
            campaign.Id,
            finished.Seq,
            finished.Data.ExternalId,
            finished.To,
            finished.State,
            finished.Attempts,
            last?.ReferenceId,
            last?.Outcome,
            last?.FinalStep,
            finished.Data.Digits,
            Masked(campaign.Flow, finished.Data.Saved),
            finished.UpdatedAt);
        return outgoing.RecipientFinished(data, campaign.Settings.CallbackUrl);
    }

    /// <summary>The messages for a campaign that has just become completed or cancelled, with its recipients' counts by state.</summary>
    public IReadOnlyList<OutboxMessage> CampaignEnded(CampaignRecord campaign, IReadOnlyDictionary<string, int> byState)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(byState);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["total"] = campaign.Total };
        foreach (var (state, count) in byState.Where(pair => pair.Value > 0).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            counts[state] = count;
        }

        var data = new CampaignCompletedNotification(campaign.Id, campaign.Name, campaign.Status, counts, campaign.CompletedAt ?? DateTimeOffset.MinValue);
        return outgoing.CampaignCompleted(data, campaign.Settings.CallbackUrl);
    }

    /// <summary>The variables the flow saved, with those it marks sensitive (kept encrypted in the store) shown as [sensitive].</summary>
    private Dictionary<string, string>? Masked(string flowId, Dictionary<string, string>? saved)
    {
        if (saved is null)
        {
            return null;
        }

        return SensitiveEntries.Variables(flows.Find(flowId), saved.Where(pair => pair.Key != CallNotifications.CampaignIdVariable));
    }
}

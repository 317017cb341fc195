using TelesignVoice.Observability;

namespace TelesignVoice.Campaigns;

/// <summary>A campaign as operators see it; <c>counts.total</c> is the number of recipients accepted.</summary>
public sealed record CampaignView(
    string Id,
    string Name,
    string Flow,
    string Status,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartAt,
    DateTimeOffset? FirstDialAt,
    DateTimeOffset? CompletedAt,
    string? CallerIdNumber,
    double CallsPerSecond,
    int MaxConcurrentCalls,
    CallingHours? CallingHours,
    IReadOnlyDictionary<string, RetryRule> Retry,
    string? CallbackUrl,
    string? CreatedBy,
    int? Duplicates = null)
{
    public static CampaignView Of(CampaignRecord campaign, IReadOnlyDictionary<string, int> byState, int? duplicates = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(byState);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["total"] = campaign.Total };
        foreach (var state in RecipientStates.All)
        {
            counts[state] = byState.GetValueOrDefault(state);
        }

        var s = campaign.Settings;
        return new CampaignView(
            campaign.Id, campaign.Name, campaign.Flow, campaign.Status, counts, campaign.CreatedAt, campaign.StartAt,
            campaign.FirstDialAt, campaign.CompletedAt, s.CallerIdNumber, s.CallsPerSecond, s.MaxConcurrentCalls, s.CallingHours, s.Retry, s.CallbackUrl, campaign.CreatedBy, duplicates);
    }
}

public sealed record CampaignList(IReadOnlyList<CampaignView> Campaigns, string? NextCursor);

/// <summary>One recipient: its number (masked unless <c>Campaigns:ShowFullNumbers</c>), state, attempts and what the flow saved.</summary>
public sealed record RecipientView(
    long Id,
    string To,
    string? ExternalId,
    string State,
    IReadOnlyList<AttemptRecord> Attempts,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyDictionary<string, string>? Saved,
    IReadOnlyList<string>? Digits)
{
    public static RecipientView Of(RecipientRecord recipient, bool showFullNumbers)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return new RecipientView(
            recipient.Seq,
            showFullNumbers ? recipient.To : PersonalDataEnricher.MaskPhoneNumber(recipient.To),
            recipient.Data.ExternalId,
            recipient.State,
            recipient.Data.AttemptLog,
            RecipientStates.IsFinal(recipient.State) ? null : recipient.NextAttemptAt,
            recipient.Data.Saved,
            recipient.Data.Digits);
    }
}

public sealed record RecipientList(IReadOnlyList<RecipientView> Recipients, string? NextCursor);

public sealed record SuppressionView(string Number, string? Reason, DateTimeOffset CreatedAt)
{
    public static SuppressionView Of(Suppression suppression) =>
        new(suppression.Number, suppression.Reason, suppression.CreatedAt);
}

public sealed record SuppressionList(IReadOnlyList<SuppressionView> Suppressions, string? NextCursor);

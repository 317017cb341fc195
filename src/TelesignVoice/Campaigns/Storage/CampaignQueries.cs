namespace TelesignVoice.Campaigns.Storage;

/// <summary>The rules the stores' queries implement, written once in C# for the store that has no SQL.</summary>
public static class CampaignQueries
{
    /// <summary>Open, due, and not leased by a live lease.</summary>
    public static bool IsClaimable(RecipientRecord recipient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return !RecipientStates.IsFinal(recipient.State)
            && recipient.NextAttemptAt <= now
            && (recipient.LeaseUntil is null || recipient.LeaseUntil < now);
    }

    /// <summary>An attempt started, or waiting for its dial time under a live lease.</summary>
    public static bool IsBusy(RecipientRecord recipient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.State is RecipientStates.Dialing or RecipientStates.InCall
            || (recipient.State is RecipientStates.Pending or RecipientStates.Waiting && recipient.LeaseUntil >= now);
    }
}

public static class CampaignPages
{
    /// <summary>The page from <paramref name="rows"/> fetched with one row more than the limit.</summary>
    public static CampaignPage From(List<CampaignRecord> rows, int limit)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new CampaignPage(rows, hasMore ? rows[^1].Id : null);
    }
}

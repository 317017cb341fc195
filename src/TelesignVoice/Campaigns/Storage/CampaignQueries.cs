namespace TelesignVoice.Campaigns.Storage;

/// <summary>The rules the stores' queries implement, written once in C# for the store that has no SQL.</summary>
public static class CampaignQueries
{
    /// <summary>
    /// The campaigns the dispatcher looks at (alias <c>c</c>): scheduled or running, and cancelled ones while a
    /// recipient is still open (in an attempt, or taken back by a dial not placed), so that it still ends.
    /// </summary>
    public const string ActiveCondition = """
        (c.status IN ('scheduled', 'running') OR (c.status = 'cancelled' AND EXISTS (
            SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.state IN ('pending', 'waiting', 'dialing', 'in_call'))))
        """;

    /// <summary>The change moves the recipient from an open state to a final one: its notification is due.</summary>
    public static bool Finishes(RecipientRecord before, RecipientRecord after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return !RecipientStates.IsFinal(before.State) && RecipientStates.IsFinal(after.State);
    }

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

namespace TelesignVoice.Campaigns;

/// <summary>
/// How one attempt ended, and what that means for the recipient: retry after the rule's delay while the
/// rule has attempts left, otherwise a final state that says why.
/// </summary>
public static class AttemptOutcomes
{
    public const string Answered = "answered";
    public const string Busy = "busy";
    public const string NoAnswer = "no_answer";
    public const string Failed = "failed";

    /// <summary>Telesign refused the number (invalid, blocked, premium): never retried.</summary>
    public const string Rejected = "rejected";

    /// <summary>No event ever said how the call went.</summary>
    public const string Unknown = "unknown";

    /// <summary>The outcome class of a <c>dial_completed</c> status as Telesign sent it (only <c>answered</c> is documented).</summary>
    public static string FromDialStatus(string? status) =>
        (status ?? string.Empty).Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_') switch
        {
            "answered" => Answered,
            "busy" or "user_busy" => Busy,
            "no_answer" or "noanswer" or "not_answered" or "unanswered" or "timeout" => NoAnswer,
            _ => Failed,
        };

    /// <summary>
    /// The recipient after attempt <paramref name="number"/> ended with <paramref name="outcome"/> (at flow
    /// step <paramref name="finalStep"/> when answered). Null when that attempt is no longer the one running.
    /// </summary>
    public static RecipientRecord? Resolve(
        CampaignRecord campaign,
        RecipientRecord recipient,
        int number,
        string outcome,
        string? finalStep,
        string? referenceId,
        DateTimeOffset now,
        Func<RecipientData, RecipientData>? withData = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(recipient);
        var index = recipient.Data.AttemptLog.FindIndex(a => a.Number == number);
        if (recipient.State is not (RecipientStates.Dialing or RecipientStates.InCall) || recipient.Attempts != number
            || index < 0 || recipient.Data.AttemptLog[index].Outcome is not null)
        {
            return null;
        }

        var log = new List<AttemptRecord>(recipient.Data.AttemptLog);
        log[index] = log[index] with
        {
            Outcome = outcome,
            EndedAt = now,
            FinalStep = finalStep ?? log[index].FinalStep,
            ReferenceId = referenceId ?? log[index].ReferenceId,
        };

        // A flow step named in the retry rules (e.g. give_up) is an outcome of its own.
        var retry = campaign.Settings.Retry;
        string RuleKey(AttemptRecord a) => a.Outcome == Answered && a.FinalStep is { } step && retry.ContainsKey(step) ? step : a.Outcome ?? string.Empty;
        var key = RuleKey(log[index]);
        var (state, next) = key switch
        {
            Answered => (RecipientStates.Reached, now),
            Rejected => (RecipientStates.InvalidNumber, now),
            Unknown => (RecipientStates.OutcomeUnknown, now),
            _ when campaign.Status == CampaignStatuses.Cancelled => (RecipientStates.Cancelled, now),
            _ when retry.TryGetValue(key, out var rule) && log.Count(a => RuleKey(a) == key) < rule.Attempts =>
                (RecipientStates.Waiting, now.AddSeconds(rule.DelaySeconds)),
            _ => (RecipientStates.Exhausted, now),
        };

        var data = recipient.Data with { AttemptLog = log };
        return recipient with
        {
            State = state,
            NextAttemptAt = next,
            LeaseOwner = null,
            LeaseUntil = null,
            UpdatedAt = now,
            Data = withData is null ? data : withData(data),
        };
    }
}

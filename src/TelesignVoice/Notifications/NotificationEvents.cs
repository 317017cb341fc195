using System.Text.Json.Serialization;

namespace TelesignVoice.Notifications;

public static class NotificationEventTypes
{
    /// <summary>A call ended (Telesign's call_completed was committed).</summary>
    public const string CallCompleted = "call.completed";

    /// <summary>A flow reached a <c>notify</c> step.</summary>
    public const string FlowResult = "flow.result";

    /// <summary>Every recipient of a campaign reached a final state.</summary>
    public const string CampaignCompleted = "campaign.completed";

    /// <summary>One recipient of a campaign reached its final state.</summary>
    public const string RecipientFinished = "campaign.recipient.finished";

    public static IReadOnlyList<string> All { get; } = [CallCompleted, FlowResult, CampaignCompleted, RecipientFinished];
}

/// <summary>
/// The body of every notification, the envelope the Standard Webhooks specification recommends: the
/// event type, when it happened, and its data. The <c>webhook-id</c> header identifies it.
/// </summary>
public sealed record NotificationEnvelope<TData>(string Type, DateTimeOffset Timestamp, TData Data);

/// <summary><c>call.completed</c>.</summary>
/// <param name="Outcome"><c>answered</c>, <c>not_answered</c> or <c>transferred</c>.</param>
/// <param name="EndStatus">Telesign's own status of the ended call (e.g. <c>hangup</c>).</param>
/// <param name="Digits">Every entry the caller made, by step; sensitive entries are masked.</param>
/// <param name="Variables">The call's variables as the flow left them; sensitive ones are masked.</param>
public sealed record CallCompletedNotification(
    string ReferenceId,
    string? ExternalId,
    string? CampaignId,
    string Direction,
    string? To,
    string? From,
    string? Flow,
    string Outcome,
    string? EndStatus,
    int? DurationSeconds,
    string? AnsweredOnUtc,
    string? EndedOnUtc,
    IReadOnlyList<NotifiedDigits> Digits,
    IReadOnlyDictionary<string, string> Variables);

public sealed record NotifiedDigits(string? Step, string Digits, DateTimeOffset At);

/// <summary><c>flow.result</c>: what a <c>notify</c> step says, its values filled from the call.</summary>
public sealed record FlowResultNotification(
    string ReferenceId,
    string? ExternalId,
    string? CampaignId,
    string Flow,
    string Step,
    IReadOnlyDictionary<string, string?> Values);

/// <summary><c>campaign.completed</c>: sent once, when the campaign ends.</summary>
/// <param name="State"><c>completed</c> (every recipient reached a final state) or <c>cancelled</c> (sent at the cancel; recipients then still in a call report their own end).</param>
/// <param name="Counts">Recipients by state (only states with any), and <c>total</c>.</param>
public sealed record CampaignCompletedNotification(
    string CampaignId,
    string? Name,
    string State,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset CompletedAt);

/// <summary><c>campaign.recipient.finished</c>: one recipient's final state, sent once per recipient.</summary>
/// <param name="RecipientId">The recipient's id in GET /campaigns/{id}/recipients (its position in the list).</param>
/// <param name="State">The recipient's final state: reached, exhausted, suppressed, invalid_number, cancelled or outcome_unknown.</param>
/// <param name="ReferenceId">The last call placed to the recipient, if any.</param>
/// <param name="Outcome">How the last attempt ended (answered, busy, no_answer, failed, rejected, unknown), if one was made.</param>
/// <param name="FinalStep">The flow step the answered call ended at.</param>
/// <param name="Variables">The variables the flow saved on the call that reached the recipient; sensitive ones masked.</param>
public sealed record RecipientFinishedNotification(
    string CampaignId,
    long RecipientId,
    string? ExternalId,
    string? To,
    string State,
    int Attempts,
    string? ReferenceId,
    string? Outcome,
    string? FinalStep,
    IReadOnlyList<string>? Digits,
    IReadOnlyDictionary<string, string>? Variables,
    DateTimeOffset FinishedAt);

/// <summary>One notification in GET /notifications.</summary>
public sealed record NotificationView(
    string Id,
    string Type,
    string Endpoint,
    string Url,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    int? LastStatus,
    [property: JsonPropertyName("payload")] System.Text.Json.JsonElement Payload)
{
    public static NotificationView From(StoredNotification stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var payload = System.Text.Json.JsonDocument.Parse(stored.Message.Payload);
        return new NotificationView(
            stored.Message.Id,
            stored.Message.EventType,
            stored.Message.Endpoint,
            stored.Message.Url,
            stored.State,
            stored.Attempts,
            stored.Message.CreatedAt,
            stored.State == NotificationStates.Pending ? stored.NextAttemptAt : null,
            stored.DeliveredAt,
            stored.LastError,
            stored.LastStatus,
            payload.RootElement.Clone());
    }
}

public sealed record NotificationList(IReadOnlyList<NotificationView> Notifications, string? NextCursor);

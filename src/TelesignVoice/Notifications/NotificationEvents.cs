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

/// <summary><c>campaign.completed</c>: sent once, when the last recipient reached a final state.</summary>
/// <param name="Counts">Recipients by final state (e.g. completed, failed, suppressed), and <c>total</c>.</param>
public sealed record CampaignCompletedNotification(
    string CampaignId,
    string? Name,
    string State,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset CompletedAt);

/// <summary><c>campaign.recipient.finished</c>: one recipient's final state.</summary>
/// <param name="State">The recipient's final state (e.g. completed, failed, suppressed, cancelled).</param>
/// <param name="ReferenceId">The last call placed to the recipient, if any.</param>
public sealed record RecipientFinishedNotification(
    string CampaignId,
    string RecipientId,
    string? To,
    string State,
    int Attempts,
    string? ReferenceId,
    string? Outcome,
    IReadOnlyDictionary<string, string>? Variables);

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

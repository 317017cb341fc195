using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Notifications;

/// <summary>
/// Turns an event's data into outbox messages: one for every configured endpoint that wants its type,
/// and one for the <c>callback_url</c> given with the call or campaign. Callers write the messages in
/// the transaction of the change they report (the webhook's commit does so for calls), or, where that
/// cannot be done, right after it with <see cref="EnqueueAsync"/>.
/// </summary>
public sealed class OutgoingNotifications(
    IOptionsMonitor<NotificationOptions> options,
    NotificationUrlPolicy urls,
    INotificationStore store,
    TimeProvider time)
{
    /// <summary>
    /// The app's JSON context, without HTML escaping: a body is read by programs, and "+00:00" reads
    /// better than "\u002B00:00". The data types must be registered in <see cref="TelesignVoiceJsonContext"/>.
    /// </summary>
    private static readonly TelesignVoiceJsonContext PayloadJson = new(
        new JsonSerializerOptions(TelesignVoiceJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Null when <paramref name="url"/> may be given as a callback_url; otherwise why not.</summary>
    public string? CheckCallbackUrl(string? url)
    {
        if (WebhookSigner.SplitSecrets(options.CurrentValue.CallbackSecret).Count == 0)
        {
            return "cannot be used: this server has no Notifications:CallbackSecret to sign notifications to a callback_url with.";
        }

        return urls.Check(url);
    }

    /// <summary>Remembers a call's callback_url before the call is dialled, so its notifications know where to go.</summary>
    public Task SaveCallbackAsync(string externalId, string url, CancellationToken cancellationToken) =>
        store.SaveCallbackAsync(externalId, url, time.GetUtcNow(), cancellationToken);

    public IReadOnlyList<OutboxMessage> CampaignCompleted(CampaignCompletedNotification data, string? callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Create(NotificationEventTypes.CampaignCompleted, data.CampaignId, data, callbackUrl);
    }

    public IReadOnlyList<OutboxMessage> RecipientFinished(RecipientFinishedNotification data, string? callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Create(NotificationEventTypes.RecipientFinished, data.CampaignId, data, callbackUrl);
    }

    /// <summary>Writes messages on their own, for a change whose commit cannot carry them.</summary>
    public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) =>
        messages.Count == 0 ? Task.CompletedTask : store.EnqueueAsync(messages, cancellationToken);

    /// <param name="orderingKey">Messages with the same key reach each receiver in the order they were created.</param>
    public IReadOnlyList<OutboxMessage> Create<TData>(string eventType, string orderingKey, TData data, string? callbackUrl)
    {
        var targets = options.CurrentValue.Endpoints
            .Where(pair => pair.Value.Url is not null && pair.Value.Wants(eventType))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (Name: pair.Key, Url: pair.Value.Url!))
            .ToList();
        if (!string.IsNullOrEmpty(callbackUrl))
        {
            targets.Add((NotificationTargets.Callback, callbackUrl));
        }

        // Nobody listening is the common case on a campaign's hot path: then nothing is serialized.
        if (targets.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var typeInfo = (JsonTypeInfo<NotificationEnvelope<TData>>)PayloadJson.GetTypeInfo(typeof(NotificationEnvelope<TData>))!;
        var payload = JsonSerializer.Serialize(new NotificationEnvelope<TData>(eventType, now, data), typeInfo);
        return [.. targets.Select(target => new OutboxMessage(OutboxMessage.NewId(), eventType, target.Name, target.Url, orderingKey, payload, now))];
    }
}

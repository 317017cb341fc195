using System.Security.Cryptography;

namespace TelesignVoice.Notifications;

/// <summary>
/// One notification to one receiver, as written to the outbox with the change that caused it. Its
/// <see cref="Id"/> is the <c>webhook-id</c> every attempt carries, so a receiver dedupes on it.
/// </summary>
/// <param name="Endpoint">The configured endpoint's name (<c>Notifications:Endpoints:{name}</c>), or <see cref="NotificationTargets.Callback"/>.</param>
/// <param name="OrderingKey">Notifications with the same endpoint and key are delivered one after the other, in order (a call's reference id, a campaign's id).</param>
/// <param name="Payload">The body as sent: the JSON envelope with type, timestamp and data.</param>
public sealed record OutboxMessage(
    string Id,
    string EventType,
    string Endpoint,
    string Url,
    string OrderingKey,
    string Payload,
    DateTimeOffset CreatedAt)
{
    /// <summary>A new <c>webhook-id</c>: <c>msg_</c> and 26 random base32 characters.</summary>
    public static string NewId()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Span<byte> random = stackalloc byte[26];
        RandomNumberGenerator.Fill(random);
        return string.Create(30, random.ToArray(), (chars, bytes) =>
        {
            "msg_".AsSpan().CopyTo(chars);
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[4 + i] = Alphabet[bytes[i] & 31];
            }
        });
    }
}

public static class NotificationTargets
{
    /// <summary>The endpoint name of notifications sent to a URL given with a call or a campaign.</summary>
    public const string Callback = "callback_url";
}

public static class NotificationStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Pending, Delivered, Failed];
}

/// <summary>A notification as the outbox holds it, with its delivery state.</summary>
public sealed record StoredNotification(
    long Sequence,
    OutboxMessage Message,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset PendingSince,
    string? LastError,
    int? LastStatus,
    DateTimeOffset? DeliveredAt);

/// <summary>What one delivery attempt came to: delivered, another attempt at <see cref="NextAttemptAt"/>, or failed for good.</summary>
public sealed record NotificationAttempt(
    string Id,
    string LeaseOwner,
    string State,
    DateTimeOffset At,
    DateTimeOffset NextAttemptAt,
    string? Error,
    int? Status);

public sealed record NotificationQuery(string? State, int Limit, string? Cursor)
{
    /// <summary>Only the notifications of one call (its reference id) or campaign (its id).</summary>
    public string? OrderingKey { get; init; }
}

/// <summary>Newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record NotificationPage(IReadOnlyList<StoredNotification> Notifications, string? NextCursor);

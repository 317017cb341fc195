using System.ComponentModel.DataAnnotations;

namespace TelesignVoice.Notifications;

/// <summary>The <c>Notifications</c> section: where notifications go and how hard delivery tries.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary><c>Notifications:Endpoints:{name}</c>: each receives the event types it lists.</summary>
    public Dictionary<string, NotificationEndpointOptions> Endpoints { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Allows <c>http://</c> URLs to loopback hosts, and loopback addresses at all (local receivers, tests).</summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Allows receivers on private networks (10/8, 172.16/12, 192.168/16, fc00::/7…). Link-local addresses stay refused.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The <c>whsec_…</c> secret(s) that sign notifications sent to a <c>callback_url</c> given with a call or campaign.</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>How long one attempt may take, connection to response.</summary>
    [Range(1, 300)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>The wait before the second attempt; each further wait doubles, with jitter, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(1, 3600)]
    public int FirstRetryDelaySeconds { get; set; } = 5;

    [Range(1, 86400)]
    public int MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>A notification still not delivered this long after it became pending is given up (state <c>failed</c>).</summary>
    [Range(1, 2592000)]
    public int GiveUpAfterSeconds { get; set; } = 86400;

    /// <summary>How often the dispatcher looks for due notifications.</summary>
    [Range(50, 60000)]
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>How long a claimed notification belongs to one instance; must exceed the attempt timeout.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>
    /// Delivered and failed notifications are purged this many days after they became pending (created, or
    /// redelivered); 0 keeps them. Pending ones are never purged.
    /// </summary>
    [Range(0, 3650, ErrorMessage = "Notifications:RetentionDays must be 0 (keep notifications forever) or a number of days up to 3650.")]
    public int RetentionDays { get; set; } = DefaultRetentionDays;

    /// <summary>
    /// A sent payload repeats the call's personal data (numbers, entries, variables); a week covers a
    /// receiver's outage being noticed and the notification redelivered, and the call keeps the record.
    /// </summary>
    public const int DefaultRetentionDays = 7;

    /// <summary>Readiness turns Degraded when the oldest pending notification is older than this.</summary>
    [Range(1, 2592000)]
    public int DegradedAfterSeconds { get; set; } = 300;
}

public sealed class NotificationEndpointOptions
{
    public string? Url { get; set; }

    /// <summary>One <c>whsec_…</c> secret, or several separated by spaces while rotating (each signs).</summary>
    public string? Secret { get; set; }

    /// <summary>Event types, separated by spaces or commas (e.g. <c>call.completed flow.result</c>); empty means all.</summary>
    public string? Events { get; set; }

    public IReadOnlyList<string> EventTypes => WebhookSigner.SplitSecrets(Events);

    public bool Wants(string eventType) => EventTypes.Count == 0 || EventTypes.Contains(eventType, StringComparer.Ordinal);
}

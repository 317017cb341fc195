using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TelesignVoice.Observability;

namespace TelesignVoice.Notifications;

/// <summary>
/// Notification metrics, on TelesignVoice's meter: attempts by outcome (<c>delivered</c>, <c>pending</c>
/// for one to be retried, <c>failed</c> for one given up), and the age of the oldest pending notification
/// as the dispatcher last saw it.
/// </summary>
public sealed class NotificationMetrics
{
    private readonly Counter<long> _attempts;
    private readonly TimeProvider _time;
    /// <summary>UTC ticks of the oldest pending notification, 0 when none; a long so that it is read and written whole.</summary>
    private long _oldestPendingTicks;

    public NotificationMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        var meter = meterFactory.Create(TelesignVoiceMetrics.MeterName);
        _attempts = meter.CreateCounter<long>(
            "telesignvoice.notifications.attempts", "{attempt}", "Notification delivery attempts, by event type and outcome (delivered, pending: to be retried, failed: given up).");
        meter.CreateObservableGauge(
            "telesignvoice.notifications.oldest_pending_age", () => OldestPendingAge.TotalSeconds, "s", "Age of the oldest notification not yet delivered (0 when none is pending).");
    }

    public DateTimeOffset? OldestPendingSince
    {
        get => Interlocked.Read(ref _oldestPendingTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        set => Interlocked.Exchange(ref _oldestPendingTicks, value?.UtcTicks ?? 0);
    }

    public TimeSpan OldestPendingAge => OldestPendingSince is { } since && _time.GetUtcNow() - since is { Ticks: > 0 } age ? age : TimeSpan.Zero;

    public void AttemptMade(string eventType, string outcome) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("type", eventType), new KeyValuePair<string, object?>("outcome", outcome));
}

/// <summary>Degraded (not Unhealthy: calls still work) while a notification has been pending longer than Notifications:DegradedAfterSeconds.</summary>
public sealed class NotificationHealthCheck(INotificationStore store, NotificationMetrics metrics, IOptionsMonitor<NotificationOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var oldest = await store.OldestPendingSinceAsync(cancellationToken);
        metrics.OldestPendingSince = oldest;
        var threshold = TimeSpan.FromSeconds(options.CurrentValue.DegradedAfterSeconds);
        var age = oldest is { } since ? time.GetUtcNow() - since : TimeSpan.Zero;
        return age > threshold
            ? HealthCheckResult.Degraded(
                $"The oldest pending notification has waited {age.TotalSeconds:0} s (more than Notifications:DegradedAfterSeconds, {threshold.TotalSeconds:0} s): "
                + "a receiver is failing or unreachable; GET /notifications?state=pending shows the last errors.")
            : HealthCheckResult.Healthy(oldest is null ? "No notification is pending." : $"The oldest pending notification has waited {age.TotalSeconds:0} s.");
    }
}

using Microsoft.Extensions.Options;

namespace TelesignVoice.Notifications;

/// <summary>
/// Delivers the outbox: every poll it leases the due notifications (first in line for their receiver and
/// call or campaign, so one call's notifications arrive in order), sends each once, and records what came
/// of it: delivered, another attempt at a later time, or failed once it has been pending for
/// <c>Notifications:GiveUpAfterSeconds</c>. At least once: a process that dies mid-send leaves the lease
/// to run out, and the notification is sent again with the same <c>webhook-id</c>.
/// </summary>
public sealed partial class NotificationDispatcher(
    INotificationStore store,
    NotificationClient client,
    NotificationUrlPolicy urls,
    NotificationMetrics metrics,
    IOptionsMonitor<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 32;
    private const int ParallelSends = 8;

    /// <summary>Whose lease a row holds: unique per process, so a restarted instance does not inherit its predecessor's leases.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>One pass: claims and delivers what is due; returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var due = await store.ClaimDueAsync(now, _owner, now.AddSeconds(settings.LeaseSeconds), BatchSize, cancellationToken);
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = cancellationToken },
            (notification, token) => new ValueTask(DeliverAsync(notification, settings, token)));
        metrics.OldestPendingSince = await store.OldestPendingSinceAsync(cancellationToken);
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var attempted = 0;
            try
            {
                attempted = await DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A store outage must not stop delivery for good: the next pass tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.PassFailed(logger, exception);
            }

            // A full batch may have left more due (the next of a call's notifications): go on at once.
            if (attempted < BatchSize)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.CurrentValue.PollIntervalMilliseconds), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverAsync(StoredNotification notification, NotificationOptions settings, CancellationToken cancellationToken)
    {
        var message = notification.Message;
        var outcome = Keys(message.Endpoint, settings) is not { Count: > 0 } keys
            ? new DeliveryOutcome(DeliveryResult.Refused, null, $"endpoint '{message.Endpoint}' is no longer configured (Notifications:Endpoints:{message.Endpoint})", null)
            : urls.Check(message.Url) is { } problem
                ? new DeliveryOutcome(DeliveryResult.Refused, null, $"{message.Url} {problem}", null)
                : await client.SendAsync(message, keys, cancellationToken);

        var at = time.GetUtcNow();
        var attempts = notification.Attempts + 1;
        var next = at + NotificationSchedule.Delay(attempts, outcome.RetryAfter, settings, Random.Shared.NextDouble());
        var state = outcome.Result switch
        {
            DeliveryResult.Delivered => NotificationStates.Delivered,
            DeliveryResult.Retry when next - notification.PendingSince <= TimeSpan.FromSeconds(settings.GiveUpAfterSeconds) => NotificationStates.Pending,
            _ => NotificationStates.Failed,
        };

        // Recorded even while shutting down: the attempt happened, and forgetting it would send it again.
        var recorded = await store.RecordAttemptAsync(
            new NotificationAttempt(message.Id, _owner, state, at, state == NotificationStates.Pending ? next : at, outcome.Error, outcome.Status),
            CancellationToken.None);
        if (!recorded)
        {
            Log.LeaseLost(logger, message.Id);
            return;
        }

        metrics.AttemptMade(message.EventType, state);
        switch (state)
        {
            case NotificationStates.Delivered:
                Log.Delivered(logger, message.Id, message.EventType, message.Endpoint, attempts);
                break;
            case NotificationStates.Pending:
                Log.WillRetry(logger, message.Id, message.EventType, message.Endpoint, attempts, outcome.Error, next);
                break;
            default:
                Log.GaveUp(logger, message.Id, message.EventType, message.Endpoint, attempts, outcome.Error);
                break;
        }
    }

    private static List<byte[]>? Keys(string endpoint, NotificationOptions settings)
    {
        var secrets = endpoint == NotificationTargets.Callback
            ? settings.CallbackSecret
            : settings.Endpoints.GetValueOrDefault(endpoint)?.Secret;
        return secrets is null ? null : [.. WebhookSigner.SplitSecrets(secrets).Select(WebhookSigner.KeyOf).OfType<byte[]>()];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Notification {NotificationId} ({EventType}) delivered to {Endpoint} at attempt {Attempt}")]
        public static partial void Delivered(ILogger logger, string notificationId, string eventType, string endpoint, int attempt);

        [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Notification {NotificationId} ({EventType}) to {Endpoint}, attempt {Attempt}: {Error}; next attempt at {NextAttemptAt:O}")]
        public static partial void WillRetry(ILogger logger, string notificationId, string eventType, string endpoint, int attempt, string? error, DateTimeOffset nextAttemptAt);

        [LoggerMessage(EventId = 1703, Level = LogLevel.Error, Message = "Notification {NotificationId} ({EventType}) to {Endpoint} failed for good after {Attempt} attempts: {Error}")]
        public static partial void GaveUp(ILogger logger, string notificationId, string eventType, string endpoint, int attempt, string? error);

        [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Notification {NotificationId}: its lease ran out during the attempt and another instance took it over")]
        public static partial void LeaseLost(ILogger logger, string notificationId);

        [LoggerMessage(EventId = 1705, Level = LogLevel.Error, Message = "Delivering notifications failed; trying again at the next poll")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}

using Microsoft.Extensions.Options;
using TelesignVoice.Storage;

namespace TelesignVoice.Notifications;

/// <summary>
/// Purges delivered and failed notifications <c>Notifications:RetentionDays</c> (7 by default) after
/// they became pending: their payloads repeat the call's personal data. Runs with the call purge's
/// rhythm (<c>Storage:RetentionSweepInterval</c>) and its small batches, so the outbox's dispatcher and
/// the webhooks never wait behind it; pending notifications are never touched.
/// </summary>
public sealed partial class NotificationRetention(
    INotificationStore store,
    IOptions<NotificationOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<NotificationRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(storage.Value.RetentionSweepInterval, time);
        do
        {
            await SweepAsync(days, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(int retentionDays, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-retentionDays);
        var purged = await RetentionService.PurgeInBatchesAsync(limit => store.PurgeFinishedBeforeAsync(cutoff, limit, cancellationToken), time, logger, cancellationToken);
        Log.Purged(logger, purged, cutoff);
        return purged;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Retention: purged {Count} delivered or failed notification(s) pending since before {Cutoff:o}")]
        public static partial void Purged(ILogger logger, int count, DateTimeOffset cutoff);
    }
}

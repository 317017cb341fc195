using Microsoft.Extensions.Options;

namespace TelesignVoice.Storage;

/// <summary>
/// Purges calls, with their events and dials, created more than <c>Storage:RetentionDays</c> ago: once at
/// start and then every <c>Storage:RetentionSweepInterval</c>. Off while RetentionDays is 0 (the default).
/// With several instances each one sweeps; a purge is one idempotent DELETE, so that costs nothing.
/// </summary>
public sealed partial class RetentionService(
    ICallStore store,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RetentionDays <= 0)
        {
            return;
        }

        // Created before the first sweep so that no tick of the interval is missed while it runs.
        using var timer = new PeriodicTimer(settings.RetentionSweepInterval, time);
        do
        {
            await SweepAsync(settings.RetentionDays, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(int retentionDays, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-retentionDays);
        try
        {
            var purged = await store.PurgeCallsCreatedBeforeAsync(cutoff, cancellationToken);
            Log.Purged(logger, purged, cutoff);
            return purged;
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException)
        {
            // The store may be away for a moment; the next sweep tries again, and the server keeps serving.
            Log.PurgeFailed(logger, exception);
            return 0;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Retention: purged {Count} call(s) created before {Cutoff:o}")]
        public static partial void Purged(ILogger logger, int count, DateTimeOffset cutoff);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Retention: the purge failed; it will be tried again at the next sweep")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}

using Microsoft.Extensions.Options;

namespace TelesignVoice.Storage;

/// <summary>
/// Purges calls, with their events and dials, created more than <c>Storage:RetentionDays</c> ago (30 by
/// default: call records hold phone numbers and what callers entered): once at start and then every
/// <c>Storage:RetentionSweepInterval</c>; 0 keeps them forever. A sweep deletes <see cref="BatchSize"/>
/// calls per transaction with a pause between batches, so webhooks never wait behind a long delete.
/// With several instances each one sweeps; batches skip rows another instance holds.
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

    public const int BatchSize = 200;

    /// <summary>Between batches: the writer (SQLite's one connection, PostgreSQL's locks) is free for events.</summary>
    public static readonly TimeSpan BatchPause = TimeSpan.FromMilliseconds(50);

    public async Task<int> SweepAsync(int retentionDays, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-retentionDays);
        var purged = await PurgeInBatchesAsync(limit => store.PurgeCallsCreatedBeforeAsync(cutoff, limit, cancellationToken), time, logger, cancellationToken);
        Log.Purged(logger, purged, cutoff);
        return purged;
    }

    /// <summary>
    /// Runs <paramref name="purgeBatch"/> (which deletes at most its argument's rows) until a batch comes
    /// back short, pausing between batches; the number purged. A store fault ends the sweep early: the
    /// next one tries again, and the server keeps serving.
    /// </summary>
    public static async Task<int> PurgeInBatchesAsync(Func<int, Task<int>> purgeBatch, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purgeBatch);
        var purged = 0;
        try
        {
            while (true)
            {
                var batch = await purgeBatch(BatchSize);
                purged += batch;
                if (batch < BatchSize)
                {
                    return purged;
                }

                await Task.Delay(BatchPause, time, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException)
        {
            Log.PurgeFailed(logger, exception);
            return purged;
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

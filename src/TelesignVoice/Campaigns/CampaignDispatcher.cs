using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Campaigns;

/// <summary>
/// Dials every running campaign at its pace. Each round, per campaign: count the call slots in use
/// (<c>max_concurrent_calls</c>), claim up to about a second's worth of due recipients with a lease,
/// send those outside their calling hours back to wait, reserve their dial times on the campaign's
/// shared clock (so several instances together keep one rate), and dial each at its time. A 429 slows the
/// pace (<see cref="CampaignPace"/>); an open circuit pauses dispatch instead of failing anybody.
/// </summary>
public sealed partial class CampaignDispatcher(
    ICampaignStore store,
    CampaignAttempts attempts,
    CampaignPace pace,
    CampaignWakeup wakeup,
    CampaignMetrics metrics,
    TelesignHealth health,
    TimeProvider time,
    IOptions<CampaignOptions> options,
    ILogger<CampaignDispatcher> logger) : BackgroundService
{
    /// <summary>How far ahead dial times are reserved: enough to keep the pace between rounds.</summary>
    private static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(1);

    /// <summary>Recipients of a cancelled campaign settled per round.</summary>
    private const int SettleBatch = 100;

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _scheduledUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _dials = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RoundFailed(logger, ex);
            }

            await wakeup.WaitAsync(poll, time, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Dials already sent finish writing their answer; those still waiting for their time were never sent.
        await Task.WhenAll(_dials.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (health.CircuitOpen || pace.PausedUntil > now)
        {
            return;
        }

        foreach (var campaign in await store.ListActiveCampaignsAsync(cancellationToken))
        {
            // One campaign's fault (a row it cannot read, a store error on its claim) is logged and skipped: the others go on.
            try
            {
                await CampaignRoundAsync(campaign, now, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.CampaignRoundFailed(logger, ex, campaign.Id);
            }
        }
    }

    private async Task CampaignRoundAsync(CampaignRecord campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (campaign.Status == CampaignStatuses.Cancelled)
        {
            await SettleCancelledAsync(campaign, now, cancellationToken);
            return;
        }

        if (campaign.Status == CampaignStatuses.Scheduled)
        {
            if (campaign.StartAt is { } startAt && startAt > now)
            {
                return;
            }

            await store.UpdateCampaignAsync(campaign with { Status = CampaignStatuses.Running }, CampaignStatuses.Scheduled, cancellationToken);
        }

        await DispatchAsync(campaign with { Status = CampaignStatuses.Running }, now, cancellationToken);
    }

    /// <summary>
    /// A cancelled campaign dials nobody, but its open recipients still reach a final state: an attempt past
    /// its deadline, a dial cut short by a stop, one taken back while the cancel was answered.
    /// </summary>
    private async Task SettleCancelledAsync(CampaignRecord campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        foreach (var recipient in await store.ClaimRecipientsAsync(campaign.Id, _owner, now, now + lease, SettleBatch, cancellationToken))
        {
            await attempts.RunAsync(campaign.Id, recipient, _owner, cancellationToken);
        }
    }

    private async Task DispatchAsync(CampaignRecord campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_scheduledUntil.TryGetValue(campaign.Id, out var until) && until > now + (Lookahead / 2))
        {
            return;
        }

        // Clamped again here: a campaign stored before its rate was validated must not turn 1/rate into an overflow.
        var rate = Math.Clamp(campaign.Settings.CallsPerSecond, CampaignValidator.MinCallsPerSecond, options.Value.MaxCallsPerSecond) * pace.Factor;
        var interval = TimeSpan.FromSeconds(1 / rate);
        var busy = await store.CountBusyAsync(campaign.Id, now, cancellationToken);
        var want = Math.Min(campaign.Settings.MaxConcurrentCalls - busy, (int)Math.Ceiling(rate * Lookahead.TotalSeconds));
        if (want <= 0)
        {
            return;
        }

        var lease = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        var claimed = await store.ClaimRecipientsAsync(campaign.Id, _owner, now, now + lease, want, cancellationToken);
        if (claimed.Count == 0)
        {
            if (busy == 0)
            {
                await CompleteIfDoneAsync(campaign, now, cancellationToken);
            }

            return;
        }

        var ready = new List<RecipientRecord>(claimed.Count);
        foreach (var recipient in claimed)
        {
            if (recipient.State is RecipientStates.Pending or RecipientStates.Waiting
                && CallingHoursPolicy.NextOpening(campaign.Settings.CallingHours, recipient, now) is { } opening)
            {
                await store.UpdateRecipientAsync(campaign.Id, recipient.Seq, r => r.LeaseOwner == _owner
                    ? r with { NextAttemptAt = opening, LeaseOwner = null, LeaseUntil = null }
                    : null, cancellationToken);
                continue;
            }

            ready.Add(recipient);
        }

        if (ready.Count == 0)
        {
            return;
        }

        var first = await store.ReserveDialSlotsAsync(campaign.Id, ready.Count, interval, now, cancellationToken);
        _scheduledUntil[campaign.Id] = first + (interval * ready.Count);
        if (campaign.FirstDialAt is null)
        {
            await store.UpdateCampaignAsync(campaign with { FirstDialAt = first }, CampaignStatuses.Running, cancellationToken);
            metrics.FirstDial(first - campaign.CreatedAt);
        }

        for (var i = 0; i < ready.Count; i++)
        {
            var slot = first + (interval * i);
            var recipient = ready[i];
            var dial = DialAtAsync(campaign.Id, recipient, slot, now + lease, cancellationToken);
            _dials.TryAdd(dial, 0);
            _ = dial.ContinueWith(done => _dials.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task DialAtAsync(string campaignId, RecipientRecord recipient, DateTimeOffset slot, DateTimeOffset leaseEnd, CancellationToken cancellationToken)
    {
        try
        {
            var wait = slot - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            // A slot beyond the lease (the shared clock ran far ahead) is left for whoever claims it next.
            if (time.GetUtcNow() < leaseEnd && time.GetUtcNow() >= pace.PausedUntil && !health.CircuitOpen)
            {
                await attempts.RunAsync(campaignId, recipient, _owner, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping before this dial's time: the lease runs out and the recipient is claimed again.
        }
        catch (Exception ex)
        {
            Log.DialFailed(logger, ex, campaignId, recipient.Seq);
        }
    }

    private async Task CompleteIfDoneAsync(CampaignRecord campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await store.CountRecipientsAsync(campaign.Id, cancellationToken);
        metrics.Snapshot(campaign.Id, counts);
        if (RecipientStates.Open.Any(state => counts.GetValueOrDefault(state) > 0))
        {
            return;
        }

        if (await store.UpdateCampaignAsync(campaign with { Status = CampaignStatuses.Completed, CompletedAt = now }, CampaignStatuses.Running, cancellationToken))
        {
            Log.Completed(logger, campaign.Id, campaign.Total);
            metrics.Completed(now - campaign.CreatedAt);
            _scheduledUntil.TryRemove(campaign.Id, out _);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1611, Level = LogLevel.Error, Message = "A campaign dispatch round failed; the next round tries again")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1612, Level = LogLevel.Error, Message = "Campaign {CampaignId} recipient {Seq}: the attempt failed; its lease runs out and it is claimed again")]
        public static partial void DialFailed(ILogger logger, Exception exception, string campaignId, long seq);

        [LoggerMessage(EventId = 1613, Level = LogLevel.Information, Message = "Campaign {CampaignId} completed: {Total} recipients")]
        public static partial void Completed(ILogger logger, string campaignId, int total);

        [LoggerMessage(EventId = 1614, Level = LogLevel.Error, Message = "Campaign {CampaignId}: its dispatch round failed; the other campaigns go on and this one is tried again next round")]
        public static partial void CampaignRoundFailed(ILogger logger, Exception exception, string campaignId);
    }
}

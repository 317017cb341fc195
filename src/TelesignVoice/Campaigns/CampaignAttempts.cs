using System.Text.Json;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Storage;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Campaigns;

/// <summary>
/// One dial of one recipient, made safe against crashes and other instances. The attempt is written to
/// the recipient (state <c>dialing</c>) before anything else; then its idempotency key
/// (<c>campaign:{id}:{seq}:{attempt}</c>) is claimed in the store POST /calls uses; only then does the
/// dial leave, through the same <see cref="CallDialer"/>, with the key as its external_id. Whoever finds
/// an attempt in <c>dialing</c> later (its instance died) claims the same key: free means the dial never
/// left and it is sent now; finished means its stored answer is applied; still pending means the dial may
/// have rung, so it is never sent again and the attempt waits for the call's events instead.
/// </summary>
public sealed partial class CampaignAttempts(
    ICampaignStore campaigns,
    ICallStore calls,
    IServiceProvider services,
    CampaignPace pace,
    CampaignMetrics metrics,
    TimeProvider time,
    IOptions<CampaignOptions> options,
    IOptions<TelesignResilienceOptions> resilience,
    ILogger<CampaignAttempts> logger)
{
    private const string KeyHash = "campaign-attempt";

    public static string AttemptKey(string campaignId, long seq, int attempt) => $"campaign:{campaignId}:{seq}:{attempt}";

    public static bool TryParseKey(string? externalId, out string campaignId, out long seq, out int attempt)
    {
        campaignId = string.Empty;
        seq = 0;
        attempt = 0;
        var parts = externalId?.Split(':');
        return parts is ["campaign", var id, var s, var a]
            && long.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seq)
            && int.TryParse(a, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out attempt)
            && (campaignId = id).Length > 0;
    }

    /// <summary>Runs what a claimed recipient needs now: its next dial, the recovery of a dial cut short, or an attempt's deadline.</summary>
    public async Task RunAsync(string campaignId, RecipientRecord claimed, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var campaign = await campaigns.FindCampaignAsync(campaignId, cancellationToken);
        if (campaign?.Status is not (CampaignStatuses.Running or CampaignStatuses.Cancelled))
        {
            await ReleaseAsync(claimed, owner, cancellationToken);
            return;
        }

        switch (claimed.State)
        {
            case RecipientStates.Pending or RecipientStates.Waiting when campaign.Status == CampaignStatuses.Cancelled:
                await EndCancelledAsync(campaign, claimed, owner, cancellationToken);
                break;
            case RecipientStates.Pending or RecipientStates.Waiting:
                await StartAsync(campaign, claimed, owner, cancellationToken);
                break;
            case RecipientStates.Dialing:
                Log.Recovering(logger, campaignId, claimed.Seq, claimed.Attempts);
                await DialAsync(campaign, claimed, claimed.Attempts, cancellationToken);
                break;
            case RecipientStates.InCall:
                // The deadline passed with no final event: how the call went cannot be known.
                await ResolveAsync(campaign, claimed.Seq, claimed.Attempts, AttemptOutcomes.Unknown, null, null, null, cancellationToken);
                break;
        }
    }

    /// <summary>An attempt ended as a call's events told (see <see cref="CampaignCallObserver"/>).</summary>
    public async Task ResolveAsync(
        CampaignRecord campaign,
        long seq,
        int attempt,
        string outcome,
        string? finalStep,
        string? referenceId,
        Func<RecipientData, RecipientData>? withData,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var now = time.GetUtcNow();
        var resolved = await campaigns.UpdateRecipientAsync(
            campaign.Id, seq, r => AttemptOutcomes.Resolve(campaign, r, attempt, outcome, finalStep, referenceId, now, withData), cancellationToken);
        if (resolved is not null)
        {
            metrics.AttemptEnded(outcome);
            metrics.RecipientChanged(resolved.State);
        }
    }

    private async Task StartAsync(CampaignRecord campaign, RecipientRecord claimed, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await campaigns.FindSuppressionAsync(claimed.To, cancellationToken) is not null)
        {
            var suppressed = await campaigns.UpdateRecipientAsync(campaign.Id, claimed.Seq, r => Owned(r, owner, claimed)
                ? r with { State = RecipientStates.Suppressed, LeaseOwner = null, LeaseUntil = null, UpdatedAt = now }
                : null, cancellationToken);
            if (suppressed is not null)
            {
                metrics.RecipientChanged(RecipientStates.Suppressed);
            }

            return;
        }

        var number = claimed.Attempts + 1;
        var dialLease = now + TimeSpan.FromSeconds(options.Value.LeaseSeconds) + resilience.Value.TotalTimeout + IdempotentCalls.PendingMargin;
        // Written only while the campaign is running, checked in the same transaction: a pause or cancel
        // answered on any instance stops every dial not yet started.
        var started = await campaigns.StartAttemptAsync(campaign.Id, claimed.Seq, r => Owned(r, owner, claimed)
            ? r with
            {
                State = RecipientStates.Dialing,
                Attempts = number,
                NextAttemptAt = now,
                LeaseUntil = dialLease,
                UpdatedAt = now,
                Data = r.Data with { AttemptLog = [.. r.Data.AttemptLog, new AttemptRecord(number, now)] },
            }
            : null, cancellationToken);
        if (started is null)
        {
            // Paused or cancelled meanwhile (or no longer ours): the next claim after a resume takes it at once.
            await ReleaseAsync(claimed, owner, cancellationToken);
            return;
        }

        await DialAsync(campaign, started, number, cancellationToken);
    }

    /// <summary>A recipient of a cancelled campaign that was not in a call when the cancel came (a dial taken back meanwhile).</summary>
    private async Task EndCancelledAsync(CampaignRecord campaign, RecipientRecord claimed, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ended = await campaigns.UpdateRecipientAsync(campaign.Id, claimed.Seq, r => Owned(r, owner, claimed)
            ? r with { State = RecipientStates.Cancelled, LeaseOwner = null, LeaseUntil = null, UpdatedAt = now }
            : null, cancellationToken);
        if (ended is not null)
        {
            metrics.RecipientChanged(RecipientStates.Cancelled);
        }
    }

    private async Task DialAsync(CampaignRecord campaign, RecipientRecord recipient, int number, CancellationToken cancellationToken)
    {
        var key = AttemptKey(campaign.Id, recipient.Seq, number);
        var existing = await calls.ClaimIdempotencyKeyAsync(key, KeyHash, time.GetUtcNow(), cancellationToken);
        if (existing is not null)
        {
            var stored = existing.IsPending ? new AttemptDialResult("unknown")
                : JsonSerializer.Deserialize(existing.ResponseJson!, CampaignJsonContext.Default.AttemptDialResult)!;
            await ApplyAsync(campaign, recipient.Seq, number, stored, cancellationToken);
            return;
        }

        // A dial cut short before it left, in a campaign cancelled since: it is never sent (the next round ends the recipient).
        if (campaign.Status != CampaignStatuses.Running)
        {
            await calls.ReleaseIdempotencyKeyAsync(key, CancellationToken.None);
            await TakeBackAsync(campaign.Id, recipient.Seq, number, TimeSpan.Zero, CancellationToken.None);
            return;
        }

        var request = new PlaceCallRequest
        {
            To = recipient.To,
            CallerIdNumber = campaign.Settings.CallerIdNumber,
            Flow = campaign.Flow,
            ExternalId = key,
            // campaign_id lets the call's own notifications (call.completed, flow.result) say which campaign placed it.
            Variables = new Dictionary<string, string?>(recipient.Data.Variables.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)), StringComparer.Ordinal)
            {
                [CallNotifications.CampaignIdVariable] = campaign.Id,
            },
        };

        AttemptDialResult result;
        try
        {
            result = AttemptDialResult.From(await services.GetRequiredService<CallDialer>().PlaceCallAsync(request, campaign.CreatedBy, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The dialer answers every fault after the dial itself; one thrown came before anything was sent.
            Log.DialFailed(logger, ex, campaign.Id, recipient.Seq, number);
            await calls.ReleaseIdempotencyKeyAsync(key, CancellationToken.None);
            await TakeBackAsync(campaign.Id, recipient.Seq, number, TimeSpan.FromSeconds(5), CancellationToken.None);
            return;
        }

        metrics.Dialled(result.Outcome);
        if (result.IsNotPlaced)
        {
            await calls.ReleaseIdempotencyKeyAsync(key, CancellationToken.None);
        }
        else
        {
            await calls.CompleteIdempotencyKeyAsync(
                key, StatusCodes.Status200OK, JsonSerializer.Serialize(result, CampaignJsonContext.Default.AttemptDialResult), CancellationToken.None);
        }

        await ApplyAsync(campaign, recipient.Seq, number, result, CancellationToken.None);
    }

    private async Task ApplyAsync(CampaignRecord campaign, long seq, int number, AttemptDialResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retryAfter = TimeSpan.FromSeconds(result.RetryAfterSeconds ?? 5);
        if (result.IsNotPlaced)
        {
            if (result.Outcome == "rate_limited")
            {
                pace.RateLimited();
            }
            else
            {
                pace.PauseUntil(now + retryAfter);
            }

            Log.NotPlaced(logger, campaign.Id, seq, result.Outcome);
            await TakeBackAsync(campaign.Id, seq, number, retryAfter, cancellationToken);
            return;
        }

        if (result.IsAccepted || result.IsUnknown)
        {
            var wait = result.IsAccepted ? options.Value.AttemptTimeoutSeconds : options.Value.UnknownOutcomeWaitSeconds;
            await campaigns.UpdateRecipientAsync(campaign.Id, seq, r => r.State == RecipientStates.Dialing && r.Attempts == number
                ? r with
                {
                    State = RecipientStates.InCall,
                    NextAttemptAt = now.AddSeconds(wait),
                    LeaseOwner = null,
                    LeaseUntil = null,
                    UpdatedAt = now,
                    Data = r.Data with { AttemptLog = [.. r.Data.AttemptLog.Select(a => a.Number == number ? a with { ReferenceId = result.ReferenceId } : a)] },
                }
                : null, cancellationToken);
            return;
        }

        // Telesign refused the number (or the request), or it no longer passes validation: never retried.
        await ResolveAsync(campaign, seq, number, AttemptOutcomes.Rejected, null, result.ReferenceId, null, cancellationToken);
    }

    /// <summary>Nothing was placed: the attempt is removed again, so the recipient keeps every attempt it is owed.</summary>
    private Task<RecipientRecord?> TakeBackAsync(string campaignId, long seq, int number, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return campaigns.UpdateRecipientAsync(campaignId, seq, r => r.State == RecipientStates.Dialing && r.Attempts == number
            ? r with
            {
                State = number == 1 ? RecipientStates.Pending : RecipientStates.Waiting,
                Attempts = number - 1,
                NextAttemptAt = now + retryAfter,
                LeaseOwner = null,
                LeaseUntil = null,
                UpdatedAt = now,
                Data = r.Data with { AttemptLog = [.. r.Data.AttemptLog.Where(a => a.Number != number)] },
            }
            : null, cancellationToken);
    }

    private Task<RecipientRecord?> ReleaseAsync(RecipientRecord claimed, string owner, CancellationToken cancellationToken) =>
        campaigns.UpdateRecipientAsync(claimed.CampaignId, claimed.Seq, r => Owned(r, owner, claimed)
            ? r with { LeaseOwner = null, LeaseUntil = null }
            : null, cancellationToken);

    /// <summary>Still as claimed, and the lease is still ours.</summary>
    private static bool Owned(RecipientRecord current, string owner, RecipientRecord claimed) =>
        current.LeaseOwner == owner && current.State == claimed.State && current.Attempts == claimed.Attempts;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Campaign {CampaignId} recipient {Seq}: attempt {Attempt} was cut short by a stop; recovering it by its idempotency key")]
        public static partial void Recovering(ILogger logger, string campaignId, long seq, int attempt);

        [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Campaign {CampaignId} recipient {Seq}: dial not placed ({Outcome}); it will be tried again")]
        public static partial void NotPlaced(ILogger logger, string campaignId, long seq, string outcome);

        [LoggerMessage(EventId = 1603, Level = LogLevel.Error, Message = "Campaign {CampaignId} recipient {Seq}: attempt {Attempt} failed before its dial was sent; it will be tried again")]
        public static partial void DialFailed(ILogger logger, Exception exception, string campaignId, long seq, int attempt);
    }
}

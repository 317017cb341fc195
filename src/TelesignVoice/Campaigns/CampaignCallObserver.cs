using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Campaigns;

/// <summary>
/// How an attempt learns its outcome: from the events of the call whose external_id is the attempt's key,
/// after each event's commit. dial_completed with anything but <c>answered</c> ends the attempt with that
/// outcome (<c>busy</c>, <c>no_answer</c>, <c>failed</c>); call_completed ends an answered one, at the flow
/// step the call was on. It reads the event itself, not a field of the call, so it works whether or not
/// the call record keeps the dial's outcome.
/// </summary>
public sealed class CampaignCallObserver(ICampaignStore campaigns, CampaignAttempts attempts, CampaignWakeup wakeup) : ICallEventObserver
{
    public async Task OnEventCommittedAsync(CallRecord call, TelesignEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(evt);
        if (!CampaignAttempts.TryParseKey(call.ExternalId ?? evt.ExternalId, out var campaignId, out var seq, out var number))
        {
            return;
        }

        if (evt.Event is not (TelesignEventNames.DialCompleted or TelesignEventNames.CallCompleted))
        {
            // The flow ends its call with no step; the last step it reached is the flow's own outcome.
            if (call.Step is { } step)
            {
                await campaigns.UpdateRecipientAsync(campaignId, seq, r => WithAttempt(r, number, a => a.FinalStep == step ? null : a with { FinalStep = step }), cancellationToken);
            }

            return;
        }

        if (await campaigns.FindCampaignAsync(campaignId, cancellationToken) is not { } campaign)
        {
            return;
        }

        if (evt.Event == TelesignEventNames.DialCompleted)
        {
            var outcome = AttemptOutcomes.FromDialStatus(evt.DataAs<DialCompletedData>()?.Status);
            if (outcome == AttemptOutcomes.Answered)
            {
                await campaigns.UpdateRecipientAsync(
                    campaignId, seq, r => WithAttempt(r, number, a => a.Answered ? null : a with { Answered = true, ReferenceId = call.ReferenceId }), cancellationToken);
                return;
            }

            await attempts.ResolveAsync(campaign, seq, number, outcome, null, call.ReferenceId, null, cancellationToken);
        }
        else
        {
            var recipient = await campaigns.FindRecipientAsync(campaignId, seq, cancellationToken);
            var answered = recipient?.Data.AttemptLog.Find(a => a.Number == number)?.Answered == true
                || !string.IsNullOrEmpty(call.EndOfCall?.AnsweredOnUtc);
            await attempts.ResolveAsync(
                campaign,
                seq,
                number,
                answered ? AttemptOutcomes.Answered : AttemptOutcomes.Failed,
                answered ? call.Step : null,
                call.ReferenceId,
                data => answered
                    ? data with
                    {
                        Saved = call.Variables.Where(v => v.Key != CallNotifications.CampaignIdVariable).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
                        Digits = [.. call.Digits.Select(d => d.Digits)],
                    }
                    : data,
                cancellationToken);
        }

        wakeup.Wake();
    }

    /// <summary>The recipient with attempt <paramref name="number"/> changed, while that attempt runs; null when nothing changes.</summary>
    private static RecipientRecord? WithAttempt(RecipientRecord recipient, int number, Func<AttemptRecord, AttemptRecord?> change)
    {
        var attempt = recipient.Data.AttemptLog.Find(a => a.Number == number);
        if (attempt is null || attempt.Outcome is not null || change(attempt) is not { } changed)
        {
            return null;
        }

        return recipient with
        {
            Data = recipient.Data with { AttemptLog = [.. recipient.Data.AttemptLog.Select(a => a.Number == number ? changed : a)] },
        };
    }
}

/// <summary>Lets the dispatcher start its next round at once (a new campaign, a resume, a freed call slot).</summary>
public sealed class CampaignWakeup : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough for the next round.
        }
    }

    public void Dispose() => _signal.Dispose();

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            await _signal.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a signal.
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TelesignVoice.Observability;

namespace TelesignVoice.Campaigns;

/// <summary>
/// Campaign metrics on the server's meter: dials by outcome (their rate is the dial rate), attempts by
/// outcome, recipients by state (per running campaign, as of the dispatcher's last look), time from
/// creation to first dial and to completion.
/// </summary>
public sealed class CampaignMetrics
{
    private readonly Counter<long> _dials;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _firstDial;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, int>> _counts = new(StringComparer.Ordinal);

    public CampaignMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(TelesignVoiceMetrics.MeterName);
        _dials = meter.CreateCounter<long>("telesignvoice.campaign.dials", "{dial}", "Campaign dials sent to Telesign, by dial outcome; its rate is the dial rate.");
        _attempts = meter.CreateCounter<long>("telesignvoice.campaign.attempts", "{attempt}", "Campaign attempts ended, by outcome (answered, busy, no_answer, failed, rejected, unknown).");
        _transitions = meter.CreateCounter<long>("telesignvoice.campaign.recipient_transitions", "{recipient}", "Recipients entering a state after an attempt, by state.");
        _firstDial = meter.CreateHistogram<double>("telesignvoice.campaign.time_to_first_dial", "s", "Time from POST /campaigns to the campaign's first dial.");
        _duration = meter.CreateHistogram<double>("telesignvoice.campaign.duration", "s", "Time from POST /campaigns to the campaign's completion.");
        meter.CreateObservableGauge("telesignvoice.campaign.recipients", ObserveRecipients, "{recipient}", "Recipients of each active campaign by state.");
    }

    public void Dialled(string outcome) => _dials.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void AttemptEnded(string outcome) => _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RecipientChanged(string state) => _transitions.Add(1, new KeyValuePair<string, object?>("state", state));

    public void FirstDial(TimeSpan sinceCreated) => _firstDial.Record(Math.Max(0, sinceCreated.TotalSeconds));

    public void Completed(TimeSpan sinceCreated) => _duration.Record(sinceCreated.TotalSeconds);

    public void Snapshot(string campaignId, IReadOnlyDictionary<string, int> counts) => _counts[campaignId] = counts;

    public void Forget(string campaignId) => _counts.TryRemove(campaignId, out _);

    private IEnumerable<Measurement<long>> ObserveRecipients() =>
        _counts.SelectMany(campaign => campaign.Value.Select(state => new Measurement<long>(
            state.Value,
            new KeyValuePair<string, object?>("campaign", campaign.Key),
            new KeyValuePair<string, object?>("state", state.Key))));
}

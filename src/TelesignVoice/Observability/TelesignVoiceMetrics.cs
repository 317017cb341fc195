using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelesignVoice.Telesign;

namespace TelesignVoice.Observability;

/// <summary>
/// Every metric the server records, on one meter (the Telesign library's own are on <see cref="Telesign.TelesignMetrics"/>). Names follow OpenTelemetry conventions; the
/// Prometheus exporter turns them into e.g. <c>telesignvoice_webhook_events_total</c>.
/// </summary>
public sealed class TelesignVoiceMetrics
{
    public const string MeterName = "TelesignVoice";

    /// <summary>The latency histograms' bucket bounds in seconds, shared with the Telesign library's.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = TelesignMetrics.LatencyBuckets;

    private static readonly InstrumentAdvice<double> LatencyAdvice = new() { HistogramBucketBoundaries = LatencyBuckets };

    private readonly Counter<long> _events;
    private readonly Histogram<double> _webhookDuration;
    private readonly Counter<long> _actions;
    private readonly Counter<long> _promptMisses;
    private readonly Counter<long> _flowReloads;

    public TelesignVoiceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("telesignvoice.webhook.events", "{event}", "Events received, by event name and outcome.");
        _webhookDuration = meter.CreateHistogram("telesignvoice.webhook.duration", "s", "Time to answer one webhook event.", tags: null, LatencyAdvice);
        _actions = meter.CreateCounter<long>("telesignvoice.webhook.actions", "{action}", "Actions returned, by method.");
        _promptMisses = meter.CreateCounter<long>("telesignvoice.flow.prompt_misses", "{miss}", "Prompts that got no input or invalid input, by flow, step and kind.");
        _flowReloads = meter.CreateCounter<long>("telesignvoice.flow.reloads", "{reload}", "Reloads of the call flows, by result (succeeded, failed).");
    }

    public void EventHandled(string eventName, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "event", eventName }, { "outcome", outcome } };
        _events.Add(1, tags);
        _webhookDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void ActionReturned(string method) => _actions.Add(1, new KeyValuePair<string, object?>("method", method));

    /// <summary>A prompt that ended with no input (<c>no_input</c>) or input the step refused (<c>invalid_input</c>).</summary>
    public void PromptMissed(string flow, string step, string kind) =>
        _promptMisses.Add(1, new TagList { { "flow", flow }, { "step", step }, { "kind", kind } });

    /// <summary>A reload of the flow files: <c>succeeded</c> (swapped in) or <c>failed</c> (refused, the last good set serves).</summary>
    public void FlowsReloaded(string result) => _flowReloads.Add(1, new KeyValuePair<string, object?>("result", result));
}

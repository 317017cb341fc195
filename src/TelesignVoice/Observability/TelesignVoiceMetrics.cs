using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TelesignVoice.Observability;

/// <summary>
/// Every metric TelesignVoice records, on one meter. Names follow OpenTelemetry conventions; the
/// Prometheus exporter turns them into e.g. <c>telesignvoice_webhook_events_total</c>.
/// </summary>
public sealed class TelesignVoiceMetrics
{
    public const string MeterName = "TelesignVoice";

    /// <summary>
    /// Bucket bounds in seconds for the latency histograms, from 0.5 ms (a webhook answered from memory)
    /// to 10 s (Telesign's attempt timeout). OpenTelemetry's default bounds (0, 5, 10, 25 … 10 000) are
    /// meant for milliseconds and would put every webhook into one bucket.
    /// </summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly InstrumentAdvice<double> LatencyAdvice = new() { HistogramBucketBoundaries = LatencyBuckets };

    private readonly Counter<long> _events;
    private readonly Histogram<double> _webhookDuration;
    private readonly Counter<long> _actions;
    private readonly Counter<long> _signatureFailures;
    private readonly Counter<long> _dials;
    private readonly Histogram<double> _telesignDuration;
    private readonly Counter<long> _telesignRetries;
    private readonly Counter<long> _circuitTransitions;
    private readonly Counter<long> _promptMisses;

    public TelesignVoiceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("telesignvoice.webhook.events", "{event}", "Events received, by event name and outcome.");
        _webhookDuration = meter.CreateHistogram("telesignvoice.webhook.duration", "s", "Time to answer one webhook event.", tags: null, LatencyAdvice);
        _actions = meter.CreateCounter<long>("telesignvoice.webhook.actions", "{action}", "Actions returned, by method.");
        _signatureFailures = meter.CreateCounter<long>("telesignvoice.webhook.signature_failures", "{request}", "Webhook requests whose signature failed, by reason.");
        _dials = meter.CreateCounter<long>("telesignvoice.dials", "{dial}", "Dial requests to Telesign, by outcome.");
        _telesignDuration = meter.CreateHistogram("telesignvoice.telesign.request.duration", "s", "Latency of requests to Telesign's API, per attempt.", tags: null, LatencyAdvice);
        _telesignRetries = meter.CreateCounter<long>("telesignvoice.telesign.retries", "{retry}", "Retries of requests to Telesign.");
        _circuitTransitions = meter.CreateCounter<long>("telesignvoice.telesign.circuit.transitions", "{transition}", "Circuit breaker state changes, by new state.");
        _promptMisses = meter.CreateCounter<long>("telesignvoice.flow.prompt_misses", "{miss}", "Prompts that got no input or invalid input, by flow, step and kind.");
    }

    public void EventHandled(string eventName, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "event", eventName }, { "outcome", outcome } };
        _events.Add(1, tags);
        _webhookDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void ActionReturned(string method) => _actions.Add(1, new KeyValuePair<string, object?>("method", method));

    public void SignatureFailed(string reason) => _signatureFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DialCompleted(string outcome) => _dials.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void TelesignRequestCompleted(string operation, int? statusCode, TimeSpan elapsed) =>
        _telesignDuration.Record(
            elapsed.TotalSeconds,
            new TagList { { "operation", operation }, { "status_code", statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none" } });

    public void TelesignRetried(string operation) => _telesignRetries.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void CircuitChanged(string state) => _circuitTransitions.Add(1, new KeyValuePair<string, object?>("state", state));

    /// <summary>A prompt that ended with no input (<c>no_input</c>) or input the step refused (<c>invalid_input</c>).</summary>
    public void PromptMissed(string flow, string step, string kind) =>
        _promptMisses.Add(1, new TagList { { "flow", flow }, { "step", step }, { "kind", kind } });
}

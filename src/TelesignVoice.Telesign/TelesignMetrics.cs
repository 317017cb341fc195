using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TelesignVoice.Telesign;

/// <summary>
/// The metrics and the trace source of the Telesign library: signature failures, dials and each attempt
/// to Telesign. Add <see cref="MeterName"/> and <see cref="ActivitySourceName"/> to your OpenTelemetry
/// set-up to export them (Prometheus names them e.g. <c>telesignvoice_dials_total</c>).
/// </summary>
public sealed class TelesignMetrics
{
    /// <summary>The name of the meter every instrument of this class is on.</summary>
    public const string MeterName = "TelesignVoice.Telesign";

    /// <summary>The name of the <see cref="ActivitySource"/> that traces dials.</summary>
    public const string ActivitySourceName = "TelesignVoice.Telesign";

    /// <summary>
    /// Bucket bounds in seconds for latency histograms, from 0.5 ms (a webhook answered from memory)
    /// to 10 s (Telesign's attempt timeout). OpenTelemetry's default bounds (0, 5, 10, 25 … 10 000) are
    /// meant for milliseconds and would put every request into one bucket.
    /// </summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly InstrumentAdvice<double> LatencyAdvice = new() { HistogramBucketBoundaries = LatencyBuckets };

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly Counter<long> _signatureFailures;
    private readonly Counter<long> _dials;
    private readonly Histogram<double> _telesignDuration;
    private readonly Counter<long> _telesignRetries;
    private readonly Counter<long> _circuitTransitions;

    /// <summary>Creates the instruments on a meter of <paramref name="meterFactory"/>.</summary>
    public TelesignMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _signatureFailures = meter.CreateCounter<long>("telesignvoice.webhook.signature_failures", "{request}", "Webhook requests whose signature failed, by reason.");
        _dials = meter.CreateCounter<long>("telesignvoice.dials", "{dial}", "Dial requests to Telesign, by outcome.");
        _telesignDuration = meter.CreateHistogram("telesignvoice.telesign.request.duration", "s", "Latency of requests to Telesign's API, per attempt.", tags: null, LatencyAdvice);
        _telesignRetries = meter.CreateCounter<long>("telesignvoice.telesign.retries", "{retry}", "Retries of requests to Telesign.");
        _circuitTransitions = meter.CreateCounter<long>("telesignvoice.telesign.circuit.transitions", "{transition}", "Circuit breaker state changes, by new state.");
    }

    internal void SignatureFailed(string reason) => _signatureFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void DialCompleted(string outcome) => _dials.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    internal void TelesignRequestCompleted(string operation, int? statusCode, TimeSpan elapsed) =>
        _telesignDuration.Record(
            elapsed.TotalSeconds,
            new TagList { { "operation", operation }, { "status_code", statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none" } });

    internal void TelesignRetried(string operation) => _telesignRetries.Add(1, new KeyValuePair<string, object?>("operation", operation));

    internal void CircuitChanged(string state) => _circuitTransitions.Add(1, new KeyValuePair<string, object?>("state", state));
}

using System.ComponentModel.DataAnnotations;

namespace TelesignVoice.Observability;

/// <summary>The <c>Observability</c> section.</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>Show phone numbers and collected digits in logs. Honoured only in Development.</summary>
    public bool ShowPersonalData { get; set; }

    /// <summary>OTLP endpoint for traces and metrics (e.g. http://collector:4317); nothing is exported when unset.
    /// The standard OTEL_EXPORTER_OTLP_ENDPOINT variable works too.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>/metrics answers only requests with an operator key (any role) in X-Api-Key.</summary>
    public bool MetricsRequireKey { get; set; }

    /// <summary>/openapi/v1.json answers only requests with an operator key (any role) in X-Api-Key.</summary>
    public bool OpenApiRequireKey { get; set; }

    /// <summary>A port of its own for /metrics and /openapi (<see cref="ManagementPort"/>); unset, they share the main port.</summary>
    [Range(1, 65535, ErrorMessage = "Observability:ManagementPort must be a TCP port from 1 to 65535 (environment variable Observability__ManagementPort), other than the main port.")]
    public int? ManagementPort { get; set; }
}

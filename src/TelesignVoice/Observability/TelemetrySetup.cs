using System.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TelesignVoice.Observability;

/// <summary>
/// Metrics (scraped by Prometheus at /metrics) and traces (an activity per webhook and per dial, plus
/// ASP.NET Core and HttpClient instrumentation). Both are exported over OTLP only when an endpoint is
/// configured; otherwise traces stay in-process, where they cost next to nothing.
/// </summary>
public static class TelemetrySetup
{
    public const string ActivitySourceName = "TelesignVoice";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    public static IServiceCollection AddTelesignVoiceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Whether to export is decided from configuration at registration: OpenTelemetry's builders
        // are composed here, before any options exist.
        var otlpEndpoint = configuration[$"{ObservabilityOptions.SectionName}:{nameof(ObservabilityOptions.OtlpEndpoint)}"]
            ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var exportOtlp = !string.IsNullOrWhiteSpace(otlpEndpoint);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("telesignvoice"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TelesignVoiceMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(otlpEndpoint!));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ActivitySourceName)
                    .AddAspNetCoreInstrumentation(aspNet =>
                        aspNet.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                            && !http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation();
                if (exportOtlp)
                {
                    tracing.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(otlpEndpoint!));
                }
            });
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TelesignVoice.Operators;

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
        Uri? otlp = null;
        if (!string.IsNullOrWhiteSpace(otlpEndpoint) && !Uri.TryCreate(otlpEndpoint, UriKind.Absolute, out otlp))
        {
            throw new InvalidOperationException(
                "Observability:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) must be an absolute URL, e.g. http://collector:4317.");
        }

        var exportOtlp = otlp is not null;

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("telesignvoice"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TelesignVoiceMetrics.MeterName, Telesign.TelesignMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp!);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ActivitySourceName, Telesign.TelesignMetrics.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(aspNet =>
                        aspNet.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                            && !http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation();
                if (exportOtlp)
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = otlp!);
                }
            });
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics").OnManagementPortWhenSet(app.ServiceProvider);
        if (app.ServiceProvider.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricsRequireKey)
        {
            metrics.RequireOperator(OperatorRole.Viewer);
        }

        return app;
    }
}

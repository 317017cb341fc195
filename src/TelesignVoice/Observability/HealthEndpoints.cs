using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TelesignVoice.Storage;

namespace TelesignVoice.Observability;

/// <summary>
/// <c>/health/live</c> says the process serves requests; <c>/health/ready</c> runs the checks tagged
/// "ready" (the store, and what other features add) and lists each with its status.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddTelesignVoiceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<CallStoreHealthCheck>("store", tags: [ReadyTag]);
        services.AddHealthChecks().AddCheck<Telesign.Client.TelesignHealthCheck>("telesign", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AlsoOnManagementPort();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        }).AlsoOnManagementPort();
        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new HealthCheckEntry(entry.Value.Status.ToString(), entry.Value.Description));
        return context.Response.WriteAsJsonAsync(
            new HealthReportBody(report.Status.ToString(), checks),
            TelesignVoiceJsonContext.Default.HealthReportBody);
    }
}

public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthCheckEntry> Checks);

public sealed record HealthCheckEntry(string Status, string? Description);

public sealed class CallStoreHealthCheck(ICallStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("The call store answers.");
        }
#pragma warning disable CA1031 // Any failure to reach the store means "not ready", whatever its type.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The call store cannot be reached.", exception);
        }
    }
}

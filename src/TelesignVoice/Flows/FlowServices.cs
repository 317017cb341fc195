using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TelesignVoice.Observability;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Flows;

public static class FlowServices
{
    /// <summary>
    /// Call flows answer every webhook event. Register after AddWebhooks: the last keyed registration of
    /// an event name wins, so the engine replaces any default handler.
    /// </summary>
    public static IServiceCollection AddFlows(this IServiceCollection services)
    {
        services.AddOptions<FlowOptions>().BindConfiguration(FlowOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FlowOptions>, FlowOptionsValidator>();
        services.AddSingleton<FlowLoader>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TelesignVoiceMetrics>();
        services.AddSingleton<FlowCatalog>();
        services.AddSingleton<FlowVersions>();
        services.AddHostedService<FlowFileWatcher>();
        services.AddSingleton<FlowPrompts>();
        services.AddSingleton<FlowAudioFiles>();
        services.AddScoped<FlowSteps>();
        services.AddScoped<FlowEngine>();
        services.AddScoped<IWebhookEventHandler>(sp => sp.GetRequiredService<FlowEngine>());

        services.AddHealthChecks().AddCheck<FlowsHealthCheck>("flows", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}

/// <summary>Healthy with the flows loaded; Degraded, listing the mistakes, while the last reload was refused (the last good set serves).</summary>
public sealed class FlowsHealthCheck(FlowCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loaded = $"{catalog.FlowIds.Count} call flows loaded.";
        if (catalog.LastFailedReload is not { } failed)
        {
            return Task.FromResult(HealthCheckResult.Healthy(loaded));
        }

        var problems = string.Join(" | ", failed.Errors.Select(e => e.ToString()));
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{loaded} The reload at {failed.At:O} was refused, so the flows loaded before it still serve; fix: {problems}"));
    }
}

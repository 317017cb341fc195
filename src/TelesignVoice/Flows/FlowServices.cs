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
        services.AddSingleton<FlowCatalog>();
        services.AddSingleton<FlowPrompts>();
        services.AddSingleton<FlowAudioFiles>();
        services.AddScoped<FlowEngine>();
        services.AddScoped<IWebhookEventHandler>(sp => sp.GetRequiredService<FlowEngine>());

        services.AddHealthChecks().AddCheck<FlowsHealthCheck>("flows", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}

public sealed class FlowsHealthCheck(FlowCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{catalog.FlowIds.Count} call flows loaded."));
}

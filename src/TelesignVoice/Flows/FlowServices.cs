using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
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
        services.AddScoped<FlowEngine>();
        foreach (var eventName in TelesignEventNames.All.Append(WebhookServiceCollectionExtensions.FallbackKey))
        {
            services.AddKeyedScoped<IWebhookEventHandler>(eventName, (sp, _) => sp.GetRequiredService<FlowEngine>());
        }

        services.AddHealthChecks().AddCheck<FlowsHealthCheck>("flows", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>Serves Flows:AudioPath under /audio, so flows can play audio files kept with the server.</summary>
    public static WebApplication MapFlows(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<FlowOptions>>().Value;
        if (options.AudioPath is { Length: > 0 } audioPath)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, audioPath))),
                RequestPath = "/audio",
            });
        }

        return app;
    }
}

public sealed class FlowsHealthCheck(FlowCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{catalog.FlowIds.Count} call flows loaded."));
}

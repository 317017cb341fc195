using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Telesign.Client;

/// <summary>Registration of the typed Telesign client.</summary>
public static class TelesignClientServiceCollectionExtensions
{
    /// <summary>
    /// The typed client for <c>POST /v2/voice</c> with its pipeline, outermost first: resilience
    /// (timeouts, retry, circuit breaker), then per attempt authentication and metrics.
    /// </summary>
    public static IServiceCollection AddTelesignClient(this IServiceCollection services)
    {
        services.AddOptions<TelesignResilienceOptions>()
            .BindConfiguration(TelesignResilienceOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelesignResilienceOptions>, TelesignResilienceOptionsValidator>();
        services.AddSingleton<TelesignHealth>();
        services.AddTransient<TelesignAuthenticationHandler>();
        services.AddTransient<TelesignAttemptHandler>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelesignMetrics>();

        var client = services.AddHttpClient<TelesignClient>(TelesignClient.HttpClientName, (provider, client) =>
            {
                var baseUrl = provider.GetRequiredService<IOptions<TelesignOptions>>().Value.BaseUrl;
                client.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
                // The resilience pipeline owns every timeout; HttpClient's own 100 s would only confuse it.
                client.Timeout = Timeout.InfiniteTimeSpan;
            });
        // Basic and Digest credentials never reach a log, whatever the level of System.Net.Http.HttpClient.
        client.RedactLoggedHeaders(["Authorization", "X-TS-Authorization", "x-ts-nonce", "Date"]);
        client.AddResilienceHandler(TelesignResiliencePipeline.Name, TelesignResiliencePipeline.Configure);
        client.AddHttpMessageHandler<TelesignAuthenticationHandler>().AddHttpMessageHandler<TelesignAttemptHandler>();
        return services;
    }
}

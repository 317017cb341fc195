using Microsoft.Extensions.DependencyInjection.Extensions;
using TelesignVoice.Telesign;

namespace TelesignVoice.Security;

public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddWebhookSecurity(this IServiceCollection services)
    {
        services.TryAddSingleton<TelesignMetrics>();
        services.AddSingleton<TelesignSignatureVerifier>();
        services.AddSingleton<TelesignSignatureFilter>();
        return services;
    }
}

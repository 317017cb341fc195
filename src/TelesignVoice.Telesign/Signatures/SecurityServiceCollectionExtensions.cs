using Microsoft.Extensions.DependencyInjection.Extensions;
using TelesignVoice.Telesign;

namespace TelesignVoice.Security;

/// <summary>Registration of the webhook signature check.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>Registers <see cref="TelesignSignatureVerifier"/> and the filter behind <c>RequireTelesignSignature()</c>; call <c>AddTelesign()</c> too, for the options.</summary>
    public static IServiceCollection AddWebhookSecurity(this IServiceCollection services)
    {
        services.TryAddSingleton<TelesignMetrics>();
        services.AddSingleton<TelesignSignatureVerifier>();
        services.AddSingleton<TelesignSignatureFilter>();
        return services;
    }
}

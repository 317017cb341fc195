namespace TelesignVoice.Security;

public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddWebhookSecurity(this IServiceCollection services)
    {
        services.AddSingleton<TelesignSignatureVerifier>();
        services.AddSingleton<TelesignSignatureFilter>();
        return services;
    }
}

namespace TelesignVoice.Security;

public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddWebhookSecurity(this IServiceCollection services)
    {
        services.AddSingleton<TelesignSignatureVerifier>();
        services.AddSingleton<TelesignSignatureFilter>();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        services.AddHostedService<ProductionGuard>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }
}

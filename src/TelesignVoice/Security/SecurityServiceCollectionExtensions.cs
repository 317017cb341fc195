namespace TelesignVoice.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// The server's own guards, beside the Telesign library's signature check (<c>AddWebhookSecurity</c>):
    /// the refusal of Development settings in Production and Kestrel's bad requests as problem+json.
    /// </summary>
    public static IServiceCollection AddServerSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        services.AddHostedService<ProductionGuard>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }
}

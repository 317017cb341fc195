namespace TelesignVoice.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// The server's own guards, beside the Telesign library's signature check (<c>AddWebhookSecurity</c>):
    /// the refusal of Development settings in Production (Kestrel's bad requests: <c>AddBadRequestProblems</c>).
    /// </summary>
    public static IServiceCollection AddServerSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        services.AddHostedService<ProductionGuard>();
        return services;
    }
}

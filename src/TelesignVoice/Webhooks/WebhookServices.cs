namespace TelesignVoice.Webhooks;

public static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddScoped<WebhookProcessor>();
        return services;
    }
}

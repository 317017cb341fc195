namespace TelesignVoice.Webhooks;

public static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddScoped<WebhookProcessor>();
        services.AddSingleton<AnswerDeliveries>();
        services.AddHostedService(provider => provider.GetRequiredService<AnswerDeliveries>());
        return services;
    }
}

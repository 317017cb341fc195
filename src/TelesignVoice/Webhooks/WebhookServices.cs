using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

public static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<DefaultPromptOptions>()
            .BindConfiguration(DefaultPromptOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<WebhookProcessor>();
        services.AddWebhookEventHandler<PromptOnAnswerHandler>(TelesignEventNames.IncomingCall, TelesignEventNames.DialCompleted);
        services.AddWebhookEventHandler<HangupHandler>(WebhookServiceCollectionExtensions.FallbackKey);
        return services;
    }
}

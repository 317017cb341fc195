using Microsoft.Extensions.Options;
using Polly;
using TelesignVoice.Observability;
using TelesignVoice.Storage;

namespace TelesignVoice.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>Outgoing notifications: options, the outbox, the signed typed client with its attempt timeout, the dispatcher and the outbox purge.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();

        // The call store keeps the outbox. A store without one (a test double) gets an empty outbox of its
        // own: it refuses to commit events that cause notifications, so none can be lost there.
        services.AddSingleton<INotificationStore>(provider =>
            provider.GetRequiredService<ICallStore>() as INotificationStore ?? new InMemoryCallStore());
        services.AddSingleton<NotificationUrlPolicy>();
        services.AddSingleton<OutgoingNotifications>();
        services.AddSingleton<CallNotifications>();
        services.AddSingleton<NotificationMetrics>();
        services.AddHealthChecks().AddCheck<NotificationHealthCheck>("notifications", tags: [HealthEndpoints.ReadyTag]);

        services.AddHttpClient<NotificationClient>(NotificationClient.HttpClientName, client =>
            {
                // The pipeline's timeout bounds each attempt; HttpClient's own 100 s would only confuse it.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("TelesignVoice-Notifications/1");
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var policy = provider.GetRequiredService<NotificationUrlPolicy>();
                return new SocketsHttpHandler
                {
                    // A redirect could lead anywhere; a proxy would be the only address checked.
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, token) => NotificationClient.ConnectAsync(policy, context.DnsEndPoint, token),
                };
            })
            .AddResilienceHandler(NotificationClient.PipelineName, (pipeline, context) =>
                pipeline.AddTimeout(TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<IOptions<NotificationOptions>>().Value.AttemptTimeoutSeconds)));

        services.AddSingleton<SimulatorReceiver>();
        services.AddNotificationOpenApi();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<NotificationDispatcher>());
        services.AddHostedService<NotificationRetention>();
        return services;
    }
}

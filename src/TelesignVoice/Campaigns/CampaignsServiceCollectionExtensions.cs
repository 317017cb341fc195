using Microsoft.Extensions.Options;
using TelesignVoice.Campaigns.Storage;
using TelesignVoice.Storage;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Campaigns;

public static class CampaignsServiceCollectionExtensions
{
    /// <summary>Campaigns and suppressions: their store (the provider of <c>Storage:Provider</c>), the dispatcher and the outcome observer.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(CampaignJsonContext.Default));
        services.AddSingleton<ICampaignStore>(provider => provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
        {
            StorageProvider.Sqlite => ActivatorUtilities.CreateInstance<SqliteCampaignStore>(provider),
            StorageProvider.Postgres => ActivatorUtilities.CreateInstance<PostgresCampaignStore>(provider),
            _ => ActivatorUtilities.CreateInstance<InMemoryCampaignStore>(provider),
        });
        services.AddSingleton<CampaignValidator>();
        services.AddSingleton<CampaignNotifications>();
        services.AddSingleton<CampaignPace>();
        services.AddSingleton<CampaignWakeup>();
        services.AddSingleton<CampaignMetrics>();
        services.AddSingleton<CampaignAttempts>();
        services.AddSingleton<ICallEventObserver, CampaignCallObserver>();
        services.AddHostedService<CampaignDispatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapCampaignApi(this IEndpointRouteBuilder app)
    {
        app.MapCampaigns();
        app.MapSuppressions();
        return app;
    }
}

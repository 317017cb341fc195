using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using TelesignVoice.Storage;

namespace TelesignVoice.Tests.Support;

/// <summary>The app's storage registration alone, configured like appsettings would, for store-level tests.</summary>
public static class StoreServices
{
    public static ServiceProvider Build(string provider, string? connectionString, string contentRoot, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = contentRoot, EnvironmentName = "Testing" })
            .AddSingleton(TimeProvider.System);
        services.AddCallStore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    public static async Task<ICallStore> MigratedStoreAsync(this ServiceProvider services)
    {
        await services.GetRequiredService<ISchemaMigrator>().MigrateAsync(CancellationToken.None);
        return services.GetRequiredService<ICallStore>();
    }
}

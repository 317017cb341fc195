namespace TelesignVoice.Storage;

/// <summary>The <c>Storage</c> section: which store keeps calls, and where.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.InMemory;

    public string? ConnectionString { get; set; }
}

public enum StorageProvider
{
    /// <summary>Lives and dies with the process: tests, simulator rehearsals, benchmarks.</summary>
    InMemory,
}

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddCallStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<ICallStore, InMemoryCallStore>();
        return services;
    }
}

using Microsoft.AspNetCore.DataProtection;

namespace TelesignVoice.Privacy;

/// <summary>The <c>DataProtection</c> section: where the keys that encrypt sensitive values live.</summary>
public sealed class DataProtectionSettings
{
    public const string SectionName = "DataProtection";

    /// <summary>Folder of the key ring, relative to the app; every instance sharing a database must share it.</summary>
    public string KeysPath { get; set; } = "data/keys";

    /// <summary>The secret of the stored hashes (Base64, 32 bytes or more); unset, one is made and kept in <see cref="KeysPath"/>.</summary>
    public string? HashKey { get; set; }
}

public static class PrivacyServiceCollectionExtensions
{
    public static IServiceCollection AddSensitiveValues(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = configuration.GetSection(DataProtectionSettings.SectionName).Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        var folder = Path.GetFullPath(settings.KeysPath, environment.ContentRootPath);
        services.AddDataProtection()
            .SetApplicationName("TelesignVoice")
            .PersistKeysToFileSystem(new DirectoryInfo(folder));
        services.AddSingleton<SensitiveValues>();
        services.AddSingleton(provider => new KeyedHashes(provider.GetRequiredService<IDataProtectionProvider>(), settings, folder));
        services.AddHostedService(provider => provider.GetRequiredService<KeyedHashes>());
        return services;
    }
}

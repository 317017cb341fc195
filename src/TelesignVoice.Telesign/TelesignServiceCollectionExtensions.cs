using Microsoft.Extensions.Options;

namespace TelesignVoice.Telesign;

/// <summary>Registration of the Telesign options.</summary>
public static class TelesignServiceCollectionExtensions
{
    /// <summary>Binds the <c>Telesign</c> section to <see cref="TelesignOptions"/> and validates it at start, each failure naming the key to set.</summary>
    public static IServiceCollection AddTelesign(this IServiceCollection services)
    {
        services.AddOptions<TelesignOptions>()
            .BindConfiguration(TelesignOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelesignOptions>, TelesignOptionsValidator>();
        return services;
    }
}

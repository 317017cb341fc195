using Microsoft.Extensions.Options;

namespace TelesignVoice.Telesign;

public static class TelesignServiceCollectionExtensions
{
    public static IServiceCollection AddTelesign(this IServiceCollection services)
    {
        services.AddOptions<TelesignOptions>()
            .BindConfiguration(TelesignOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelesignOptions>, TelesignOptionsValidator>();
        return services;
    }
}

using TelesignVoice.Operators;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Calls;

public static class CallsServiceCollectionExtensions
{
    /// <summary>Outbound calls: the Telesign client, the dialer, and the operator API's key check and rate limit.</summary>
    public static IServiceCollection AddCalls(this IServiceCollection services)
    {
        services.AddTelesignClient();
        services.AddOperatorSecurity();
        // Transient like the typed client it holds: a singleton would pin one HttpClient handler forever.
        services.AddTransient<CallDialer>();
        services.AddSingleton<IdempotentCalls>();
        return services;
    }
}

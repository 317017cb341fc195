using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace TelesignVoice.Security;

/// <summary>The <c>ForwardedHeaders</c> section: the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of the load balancers or reverse proxies in front of the server, e.g. 10.0.0.5.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks they are in, as CIDR, e.g. 10.0.0.0/24.</summary>
    public IList<string> KnownNetworks { get; } = [];

    public bool IsConfigured => KnownProxies.Concat(KnownNetworks).Any(entry => entry.Length > 0);
}

/// <summary>
/// Believes forwarded headers only from the configured proxies: from anyone else, X-Forwarded-For is
/// ignored, so a client cannot pick the address the per-address rate limit counts. Nothing configured:
/// the headers are never read.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForwardedHeadersSettings.SectionName).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            for (var i = 0; i < settings.KnownProxies.Count; i++)
            {
                if (settings.KnownProxies[i].Length > 0)
                {
                    options.KnownProxies.Add(IPAddress.TryParse(settings.KnownProxies[i], out var address)
                        ? address
                        : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies:{i} is not an IP address (e.g. 10.0.0.5)."));
                }
            }

            for (var i = 0; i < settings.KnownNetworks.Count; i++)
            {
                if (settings.KnownNetworks[i].Length > 0)
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(settings.KnownNetworks[i], out var network)
                        ? network
                        : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks:{i} is not a network in CIDR notation (e.g. 10.0.0.0/24)."));
                }
            }
        });
        return services;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Configuration.GetSection(ForwardedHeadersSettings.SectionName).Get<ForwardedHeadersSettings>();
        if (settings?.IsConfigured == true)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}

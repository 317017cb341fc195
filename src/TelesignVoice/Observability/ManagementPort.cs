using System.Globalization;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Observability;

/// <summary>
/// <c>Observability:ManagementPort</c>: the server listens on a second port (plain HTTP, every interface)
/// that serves <c>/metrics</c>, <c>/openapi</c> and <c>/health</c> and nothing else, and the main port answers 404
/// for the first two. Give the load
/// balancer only the main port, and Prometheus the management one. The check is the port the connection
/// arrived on, not the Host header, which any client writes (and which a port mapping changes).
/// </summary>
public static class ManagementPort
{
    /// <summary>Adds the management port to the addresses the server listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>).</summary>
    public static WebApplicationBuilder ListenOnManagementPort(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var port = builder.Configuration.GetValue<int?>($"{ObservabilityOptions.SectionName}:{nameof(ObservabilityOptions.ManagementPort)}");
        if (port is not { } management || management is < 1 or > 65535)
        {
            // Unset, or refused at start by the options' validation with the key named.
            return builder;
        }

        builder.WebHost.UseUrls([.. MainUrls(builder.Configuration), string.Create(CultureInfo.InvariantCulture, $"http://*:{management}")]);
        return builder;
    }

    /// <summary>Serves the endpoint only on the management port when one is set; elsewhere it is not found.</summary>
    public static TBuilder OnManagementPortWhenSet<TBuilder>(this TBuilder builder, IServiceProvider services)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.ManagementPort is not { } port)
        {
            return builder;
        }

        return builder.WithMetadata(ServedOnManagementPort.Instance).AddEndpointFilter<TBuilder>(async (context, next) =>
            context.HttpContext.Connection.LocalPort == port
                ? await next(context)
                : TypedResults.NotFound());
    }

    /// <summary>Serves the endpoint on the management port as well as the main one (health probes).</summary>
    public static TBuilder AlsoOnManagementPort<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ServedOnManagementPort.Instance);

    /// <summary>
    /// On the management port only the endpoints marked for it (<see cref="OnManagementPortWhenSet"/>,
    /// <see cref="AlsoOnManagementPort"/>) answer; everything else (the webhook, the operator API, the console)
    /// is not found there. The port listens on every interface for Prometheus, and must not become a second
    /// way in that skips what guards the main port. Routing has chosen the endpoint by the time this runs.
    /// </summary>
    public static IApplicationBuilder UseManagementPortLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetRequiredService<IOptions<ObservabilityOptions>>().Value.ManagementPort is not { } port)
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port || context.GetEndpoint()?.Metadata.GetMetadata<ServedOnManagementPort>() is not null)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    /// <summary>Marks an endpoint the management port serves.</summary>
    private sealed class ServedOnManagementPort
    {
        public static readonly ServedOnManagementPort Instance = new();
    }

    /// <summary>The addresses the host would listen on without a management port, as ASP.NET Core reads them.</summary>
    private static IEnumerable<string> MainUrls(ConfigurationManager configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = Ports(configuration["HTTP_PORTS"], "http").Concat(Ports(configuration["HTTPS_PORTS"], "https")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => $"{scheme}://*:{port}");
}

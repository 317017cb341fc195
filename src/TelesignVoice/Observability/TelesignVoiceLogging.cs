using Serilog;
using Serilog.Formatting.Compact;

namespace TelesignVoice.Observability;

/// <summary>
/// Serilog for the whole app: readable lines in Development, compact JSON elsewhere, levels from the
/// <c>Serilog</c> configuration section, and properties from log scopes (reference_id, event).
/// </summary>
public static class TelesignVoiceLogging
{
    /// <summary>Logs what happens before the host is built (a startup failure, above all).</summary>
    public static Serilog.ILogger CreateBootstrapLogger() =>
        new LoggerConfiguration().WriteTo.Console().CreateLogger();

    public static WebApplicationBuilder AddTelesignVoiceLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // preserveStaticLogger: each host gets its own logger, so test hosts running side by side never share one.
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                var observability = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ObservabilityOptions>>().Value;
                logger.ReadFrom.Configuration(builder.Configuration)
                    .ReadFrom.Services(services)
                    .Enrich.FromLogContext()
                    // Program.cs reports a failed start once, readably; the host would say it again with a stack trace.
                    .Filter.ByExcluding(IsHostStartupFault)
                    // Personal data is shown only to a developer who asked for it on their own machine.
                    .Enrich.With(new PersonalDataEnricher(isDevelopment && observability.ShowPersonalData));
                if (isDevelopment)
                {
                    logger.WriteTo.Console(outputTemplate:
                        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
                }
                else
                {
                    logger.WriteTo.Sink(new BufferedConsoleSink(new RenderedCompactJsonFormatter()));
                }
            },
            preserveStaticLogger: true);
        return builder;
    }

    private static bool IsHostStartupFault(Serilog.Events.LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id)
        && id is Serilog.Events.StructureValue { Properties: var properties }
        && properties.Any(p => p is { Name: "Name", Value: Serilog.Events.ScalarValue { Value: "HostedServiceStartupFaulted" } });

    public static WebApplication UseTelesignVoiceRequestLogging(this WebApplication app)
    {
        // The host's own logger, not the static one: each host keeps its enrichers (redaction) and sinks.
        app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        return app;
    }
}

using TelesignVoice.Calls;
using TelesignVoice.Campaigns;
using TelesignVoice.Flows;
using TelesignVoice.Notifications;
using TelesignVoice.Observability;
using TelesignVoice.Privacy;
using TelesignVoice.OperatorConsole;
using TelesignVoice.Security;
using TelesignVoice.Simulator;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice;

/// <summary>The table of contents: each feature adds its services and maps its endpoints here.</summary>
public static class TelesignVoiceApplication
{
    public static WebApplicationBuilder AddTelesignVoice(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTelesignVoiceLogging();
        builder.ListenOnManagementPort();
        builder.Services.AddProblemDetails();
        builder.Services.AddBadRequestProblems();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, TelesignVoiceJsonContext.Default);
            // The context's own naming applies only when it serialises with its own options; typed results
            // use these, so they must say snake_case and omit nulls too.
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TelesignVoiceMetrics>();
        builder.Services.AddTelesignVoiceTelemetry(builder.Configuration);
        builder.Services.AddTelesignVoiceOpenApi();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddTelesign();
        builder.Services.AddWebhookSecurity();
        builder.Services.AddServerSecurity();
        builder.Services.AddCallStore(builder.Configuration);
        builder.Services.AddWebhooks();
        builder.Services.AddCalls();
        builder.Services.AddFlows();
        builder.Services.AddFlowCode();
        builder.Services.AddTelesignVoiceHealthChecks();
        builder.Services.AddTelesignSimulator();
        builder.Services.AddCampaigns();
        builder.Services.AddNotifications();
        builder.Services.AddSensitiveValues(builder.Configuration, builder.Environment);
        builder.Services.AddOperatorConsole();
        builder.Services.AddTrustedProxies(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The code steps and code flows of this server, with the services they use: register them here
    /// (<c>services.AddFlowStep&lt;T&gt;("name")</c>, <c>services.AddCallFlow(…)</c>, docs/flows.md "Code").
    /// <c>flows test</c> registers exactly these too, so a flow's code steps run in its tests; none ship with the server.
    /// </summary>
    public static IServiceCollection AddFlowCode(this IServiceCollection services) => services;

    public static WebApplication MapTelesignVoice(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseTrustedProxies();
        app.UseManagementPortLimits();
        // Outside the exception handler: a request refused for the client's fault is logged with the 4xx it
        // got, not as a 500 with the exception that made it.
        app.UseTelesignVoiceRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseConsoleAssets();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapFlowAudio();
        app.MapWebhooks();
        app.MapCalls();
        app.MapHealth();
        app.MapMetrics();
        app.MapTelesignVoiceOpenApi();
        app.MapSimulator();
        app.MapFlows();
        app.MapCampaignApi();
        app.MapNotifications();
        app.MapSimulatorReceiver();
        app.MapConsole();
        return app;
    }
}

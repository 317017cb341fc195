using Scalar.AspNetCore;

namespace TelesignVoice.Observability;

/// <summary>
/// The operator API described at /openapi/v1.json, and an interactive reference at /scalar/v1 in
/// Development (where the simulator makes trying it harmless).
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddTelesignVoiceOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TelesignVoice";
            document.Info.Description =
                "Operator API of TelesignVoice: place calls and read their state and history. "
                + "Operator endpoints need an X-Api-Key header. Errors are RFC 9457 problem details. "
                + "The Telesign webhook is described too: Telesign POSTs one event and reads the next action from the response.";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapTelesignVoiceOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }

        return app;
    }
}

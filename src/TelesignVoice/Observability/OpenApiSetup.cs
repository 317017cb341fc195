using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace TelesignVoice.Observability;

/// <summary>
/// The operator API described at /openapi/v1.json, and an interactive reference at /scalar/v1 in
/// Development (where the simulator makes trying it harmless).
/// </summary>
public static class OpenApiSetup
{
    private const string OperatorKeyScheme = "operator_key";
    private static readonly string[] OperatorPathPrefixes = ["/calls", "/simulator"];

    public static IServiceCollection AddTelesignVoiceOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TelesignVoice";
            document.Info.Description =
                "Operator API of TelesignVoice: place calls and read their state and history. "
                + "Operator endpoints need an X-Api-Key header. Errors are RFC 9457 problem details. "
                + "The Telesign webhook is described too: Telesign POSTs one event and reads the next action from the response.";
            DescribeOperatorKey(document);
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Every operator operation (all but the webhook) declares the X-Api-Key scheme it needs.</summary>
    private static void DescribeOperatorKey(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OperatorKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "One of Operators:ApiKeys.",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OperatorKeyScheme, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (!OperatorPathPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Security ??= [];
                operation.Security.Add(requirement);
            }
        }
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

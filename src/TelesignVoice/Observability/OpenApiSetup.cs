using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using TelesignVoice.Operators;

namespace TelesignVoice.Observability;

/// <summary>
/// The operator API described at /openapi/v1.json, and an interactive reference at /scalar/v1 in
/// Development (where the simulator makes trying it harmless).
/// </summary>
public static class OpenApiSetup
{
    private const string OperatorKeyScheme = "operator_key";
    private static readonly string[] OperatorPathPrefixes = ["/calls", "/simulator", "/notifications"];

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
        }).AddOperationTransformer((operation, context, _) =>
        {
            AddExamples(operation, context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
            return Task.CompletedTask;
        }).AddSchemaTransformer((schema, context, _) =>
        {
            OpenApiContract.ApplyToSchema(schema, context.JsonTypeInfo.Type);
            return Task.CompletedTask;
        }).AddDocumentTransformer((document, _, _) =>
        {
            OpenApiContract.ApplyToDocument(document);
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Wire examples where a reader needs them most: what to send and what comes back.</summary>
    private static void AddExamples(OpenApiOperation operation, string? endpointName)
    {
        var (request, response, status) = endpointName switch
        {
            "PlaceCall" => (
                """{"to":"+1 (555) 555-1212","flow":"appointment-reminder","max_call_duration":600,"variables":{"name":"Ada","when":"Tuesday at 10 AM"}}""",
                """{"reference_id":"0123456789ABCDEF0123456789ABCDEF","external_id":"4142b474-d65d-4265-a5fa-a581b1fe6101","status":"dialing"}""",
                "202"),
            "TelesignWebhook" => (
                """{"event":"dial_completed","reference_id":"BC96D7B0D1800164898350B4E71B005C","external_id":"4142b474-d65d-4265-a5fa-a581b1fe6101","data":{"to":"15558675309","from":"15555551212","status":"answered"}}""",
                """{"jsonrpc":"2.0","method":"play","params":{"url":"https://url-pointing-to-audio-file.com/file.wav","collect_digits":{"max":5,"timeout":10000,"inter_digit_timeout":3000,"terminators":"*"}}}""",
                "200"),
            _ => (null, null, null),
        };
        if (request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var requestMedia) == true)
        {
            requestMedia.Example = JsonNode.Parse(request);
        }

        if (response is not null && operation.Responses?.TryGetValue(status!, out var answer) == true
            && answer.Content?.TryGetValue("application/json", out var responseMedia) == true)
        {
            responseMedia.Example = JsonNode.Parse(response);
        }
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
        var document = app.MapOpenApi().OnManagementPortWhenSet(app.Services);
        if (app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.OpenApiRequireKey)
        {
            document.RequireOperator(OperatorRole.Viewer);
        }

        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference().OnManagementPortWhenSet(app.Services);
        }

        return app;
    }
}

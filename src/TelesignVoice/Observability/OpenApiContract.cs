using Microsoft.OpenApi;

namespace TelesignVoice.Observability;

/// <summary>
/// Makes /openapi/v1.json say what the wire does, where the generator reads the serializer's leniency
/// as the contract: numbers are integers (the generator adds "string" because the server also reads
/// "600"), a field the server leaves out when null is not required, the fields a request needs are, and
/// every header that matters (Idempotency-Key, X-Api-Key, Telesign's signatures) is declared.
/// </summary>
internal static class OpenApiContract
{
    public const string TelesignSignatureScheme = "telesign_signature";
    public const string TelesignTsaScheme = "telesign_tsa";

    /// <summary>Schema → the fields a request must carry (each a non-null string).</summary>
    private static readonly Dictionary<string, string[]> RequiredRequestFields = new(StringComparer.Ordinal)
    {
        ["PlaceCallRequest"] = ["to"],
        ["SimulatorCallRequest"] = ["to"],
        ["SimulatorInboundRequest"] = ["from", "to"],
    };

    /// <summary>Per schema, as the generator produces it (<paramref name="type"/> is the .NET type it describes).</summary>
    public static void ApplyToSchema(OpenApiSchema schema, Type type)
    {
        Walk(schema);
        RequireRequestFields(schema, RequiredRequestFields.GetValueOrDefault(type.Name) ?? []);
    }

    public static void ApplyToDocument(OpenApiDocument document)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            Walk(schema);
        }

        DeclareTelesignSignatures(document);
        foreach (var (_, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    DescribeParameter(operation.OperationId, parameter);
                }

                if (operation.OperationId == "PlaceCall")
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = "Idempotency-Key",
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "Makes a retried request return the first answer instead of ringing the callee again: 1 to 255 printable ASCII characters without spaces, e.g. a UUID.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
                else if (operation.OperationId == "TelesignWebhook")
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TelesignTsaScheme, document)] = [] });
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TelesignSignatureScheme, document)] = [] });
                }
            }
        }
    }

    /// <summary>Integers as integers, and no field required that is left out when null.</summary>
    private static void Walk(OpenApiSchema schema)
    {
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is OpenApiSchema concrete)
            {
                Walk(concrete);
            }

            if (IsNullable(property))
            {
                schema.Required?.Remove(name);
            }
        }

        foreach (var child in new[] { schema.Items, schema.AdditionalProperties }.Concat(schema.OneOf ?? []).OfType<OpenApiSchema>())
        {
            Walk(child);
        }
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        (schema.Type is { } type && (type & JsonSchemaType.Null) != 0)
        || schema.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true;

    private static void RequireRequestFields(OpenApiSchema schema, string[] fields)
    {
        foreach (var field in fields)
        {
            if (schema.Properties?.TryGetValue(field, out var property) == true && property is OpenApiSchema concrete)
            {
                concrete.Type = JsonSchemaType.String;
                schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                schema.Required.Add(field);
            }
        }
    }

    private static void DescribeParameter(string? operationId, OpenApiParameter parameter)
    {
        if (parameter.Schema is OpenApiSchema schema)
        {
            Walk(schema);
        }

        if (operationId == "ListCalls" && parameter.Name == "limit")
        {
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100", Default = 20 };
            parameter.Description = "Calls per page, 1 to 100 (default 20).";
        }
    }

    private static void DeclareTelesignSignatures(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[TelesignTsaScheme] = Header(
            "Authorization",
            "Telesign's signature of the event: TSA {customer_id}:{Base64 HMAC-SHA256 of the raw body, keyed with the Base64-decoded API key}.");
        document.Components.SecuritySchemes[TelesignSignatureScheme] = Header(
            "X-TS-Authorization",
            "The same signature alone: Base64 HMAC-SHA256 of the raw body, keyed with the Base64-decoded API key (Telesign:ApiKey or Telesign:PreviousApiKeys).");
    }

    private static OpenApiSecurityScheme Header(string name, string description) =>
        new() { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = name, Description = description };
}

using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace TelesignVoice.Telesign;

/// <summary>Typed results for answering a Telesign event, in the manner of <c>TypedResults</c>.</summary>
public static class TelesignResults
{
    /// <summary>200 with <paramref name="action"/> as the JSON body: the next step of the call.</summary>
    public static TelesignActionResult Action(TelesignAction action) => new(action);
}

/// <summary>
/// Writes one action as Telesign reads it: HTTP 200, <c>application/json</c>, serialised by
/// <see cref="TelesignJsonContext"/> (snake_case, absent fields omitted). It describes itself to OpenAPI
/// as a 200 of <see cref="TelesignAction"/>.
/// </summary>
public sealed class TelesignActionResult : IResult, IStatusCodeHttpResult, IValueHttpResult<TelesignAction>, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json";

    internal TelesignActionResult(TelesignAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Value = action;
    }

    /// <summary>The action written as the body.</summary>
    public TelesignAction Value { get; }

    /// <summary>Always 200: Telesign reads the action from a successful answer only.</summary>
    public int? StatusCode => StatusCodes.Status200OK;

    /// <summary>Always <c>application/json</c>.</summary>
    public string ContentType => JsonContentType;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = JsonContentType;
        return JsonSerializer.SerializeAsync(httpContext.Response.Body, Value, TelesignJsonContext.Default.TelesignAction, httpContext.RequestAborted);
    }

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TelesignAction), [JsonContentType]));
    }
}

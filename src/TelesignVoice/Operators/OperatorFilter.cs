namespace TelesignVoice.Operators;

/// <summary>
/// Lets a request through only with a configured operator key (<c>X-Api-Key</c>) whose role is at least
/// the endpoint's: no key or an unknown one gets 401, a key with too small a role 403. A Telesign
/// signature is no substitute. The accepted operator is on the request for handlers
/// (<see cref="OperatorIdentity.Of"/>).
/// </summary>
public sealed class OperatorFilter(OperatorRole role) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var services = http.RequestServices;
        var audit = services.GetRequiredService<ILogger<OperatorFilter>>();
        var identity = services.GetRequiredService<OperatorKeyring>().Authenticate(http);
        if (identity is null)
        {
            OperatorAudit.Unauthenticated(audit, http.Request.Headers[OperatorKeyring.HeaderName].Count == 0 ? "missing" : "unknown", http.Request.Method, http.Request.Path);
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{OperatorKeyring.HeaderName}\"";
            return TypedResults.Problem(
                title: "Unauthorized",
                detail: $"The operator API needs a valid operator key: send {OperatorKeyring.HeaderName}: <a key of Operators:Keys or Operators:ApiKeys>.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!identity.Has(role))
        {
            OperatorAudit.Forbidden(audit, identity.Name, OperatorIdentity.RoleName(identity.Role), OperatorIdentity.RoleName(role), http.Request.Method, http.Request.Path);
            return TypedResults.Problem(
                title: "Forbidden",
                detail: $"The operator key '{identity.Name}' has the role {OperatorIdentity.RoleName(identity.Role)}; {http.Request.Method} {http.Request.Path} needs {OperatorIdentity.RoleName(role)}.",
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["required_role"] = OperatorIdentity.RoleName(role) });
        }

        return await next(context);
    }
}

public static class OperatorFilterExtensions
{
    /// <summary>Refuses requests without an operator key of at least <paramref name="role"/>, on an endpoint or a group.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder, OperatorRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder>(new OperatorFilter(role));

    /// <summary>
    /// A group of the operator API: readable with a viewer key (its writes name a higher role), rate limited
    /// per key, with the 401, 403 and 429 problems in the OpenAPI document.
    /// </summary>
    public static RouteGroupBuilder MapOperatorGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix)
            .WithTags(tag)
            .RequireOperator(OperatorRole.Viewer)
            .RequireRateLimiting(OperatorRateLimiting.PolicyName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>The route needs an admin key. Kept for routes written before roles: name the role with <see cref="RequireOperator{TBuilder}"/> instead.</summary>
    public static TBuilder RequireOperatorKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireOperator(OperatorRole.Admin);
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace TelesignVoice.Operators;

/// <summary>
/// Writes the audit line of an admin action (<see cref="OperatorAudit.AdminAction"/>) once the handler
/// answered, refusals and failures included, so no route can forget it. Runs inside the operator filter:
/// a request without the role was already logged as refused and never reaches it.
/// </summary>
/// <param name="target">What the action was done on, from the request and the answer's value (null: unknown).</param>
public sealed class AdminAuditFilter(string action, Func<HttpContext, object?, string?> target) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception)
        {
            Log(http, StatusCodes.Status500InternalServerError, value: null);
            throw;
        }

        var answer = Unwrap(result);
        var statusCode = answer switch
        {
            IStatusCodeHttpResult { StatusCode: { } code } => code,
            RedirectHttpResult { Permanent: true } => StatusCodes.Status301MovedPermanently,
            RedirectHttpResult => StatusCodes.Status302Found,
            _ => StatusCodes.Status200OK,
        };
        // The answer's value names what was made (a created campaign); without one, the answer itself (a console redirect).
        Log(http, statusCode, (answer as IValueHttpResult)?.Value ?? answer);
        return result;
    }

    private void Log(HttpContext http, int statusCode, object? value)
    {
        var logger = http.RequestServices.GetRequiredService<ILogger<AdminAuditFilter>>();
        var name = OperatorIdentity.Of(http)?.Name ?? "unknown";
        OperatorAudit.AdminAction(logger, name, action, target(http, value) ?? "unknown", statusCode);
    }

    /// <summary>The result a <c>Results&lt;…&gt;</c> union carries.</summary>
    private static object? Unwrap(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result;
    }
}

public static class AdminAuditExtensions
{
    /// <summary>Logs one audit line per request of this admin route, naming its target by a route value.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, string routeValue)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Audited(action, (http, _) => http.GetRouteValue(routeValue)?.ToString());

    /// <summary>Logs one audit line per request of this admin route; <paramref name="target"/> names what it acted on.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, Func<HttpContext, object?, string?> target)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder>(new AdminAuditFilter(action, target));
}

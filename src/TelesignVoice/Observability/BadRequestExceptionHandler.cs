using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace TelesignVoice.Observability;

public static class BadRequestProblems
{
    /// <summary>
    /// Binding failures throw (in every environment, not only Development) so that the handler below
    /// answers them: the same 400 everywhere, naming the field, instead of an empty 400 in Production and
    /// a 500 in Development.
    /// </summary>
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services.AddExceptionHandler<BadRequestExceptionHandler>();
    }
}

/// <summary>
/// A parameter the framework could not bind (a query value out of range, a JSON body of the wrong shape)
/// is the client's mistake: it gets the exception's own 4xx as problem+json naming what was wrong, not a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request is not valid", Detail = bad.Message };
        if (bad.InnerException is JsonException json)
        {
            var (field, message) = JsonBodyProblems.Describe(json);
            problem.Detail = message;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }

        return await problems.TryWriteAsync(new() { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}

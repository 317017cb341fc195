using System.Text.Json;
using System.Text.RegularExpressions;
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
/// A request the server could not read is the client's mistake, answered with the exception's own 4xx as
/// problem+json and logged as one line without a stack trace, never a 500: Kestrel's verdicts (a malformed
/// chunked body, a body shorter than its Content-Length, too slow or too large) and the framework's binding
/// failures (a query value that is no number, a JSON body of the wrong shape, a body missing), the latter
/// naming the field in words of the API, not of .NET.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => "Request body too slow",
                StatusCodes.Status413PayloadTooLarge => "Payload too large",
                _ => "The request is not valid",
            },
            Detail = bad.Message,
        };
        if ((bad.InnerException is JsonException json ? JsonBodyProblems.Describe(json) : Binding(bad.Message)) is var (field, message))
        {
            problem.Detail = message;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }

        Log.Refused(logger, bad.StatusCode, httpContext.Request.Method, httpContext.Request.Path, problem.Detail);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new() { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The field and a plain message for the framework's binding failures (RequestDelegateFactory's wording).</summary>
    private static (string Field, string Message)? Binding(string message)
    {
        if (FailedToBind().Match(message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            return (name, $"{name}: \"{bind.Groups["value"].Value}\" is not {Kind(bind.Groups["type"].Value)}.");
        }

        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return (name, $"{name} is required.");
        }

        return BodyMissing().IsMatch(message) ? ("body", "This request needs a JSON body (Content-Type: application/json).") : null;
    }

    private static string Kind(string type) => type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>') switch
    {
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "double" or "Double" or "decimal" or "Decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601)",
        _ => "a valid value",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]*) (?<name>[^" ]+)" from "(?<value>.*)"\.?$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>[^"]*) (?<name>[^" ]+)" was not provided""")]
    private static partial Regex RequiredMissing();

    [GeneratedRegex("""^Implicit body inferred for parameter "[^"]*" but no body was provided""")]
    private static partial Regex BodyMissing();

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Request refused with {StatusCode} on {Method} {Path}: {Reason}")]
        public static partial void Refused(ILogger logger, int statusCode, string method, PathString path, string? reason);
    }
}

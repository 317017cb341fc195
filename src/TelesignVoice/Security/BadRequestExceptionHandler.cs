using Microsoft.AspNetCore.Diagnostics;

namespace TelesignVoice.Security;

/// <summary>
/// Kestrel's verdicts on a request it could not read (a malformed chunked body, a body shorter than its
/// Content-Length, Content-Length with chunked, a body too slow or too large) are the client's fault:
/// 400, 408 or 413 problem+json, logged as one line without a stack trace, never a 500.
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

        Log.Refused(logger, bad.StatusCode, httpContext.Request.Method, httpContext.Request.Path, bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status408RequestTimeout => "Request body too slow",
                    StatusCodes.Status413PayloadTooLarge => "Payload too large",
                    _ => "Malformed request",
                },
                Detail = bad.Message,
            },
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Request refused with {StatusCode} on {Method} {Path}: {Reason}")]
        public static partial void Refused(ILogger logger, int statusCode, string method, PathString path, string reason);
    }
}

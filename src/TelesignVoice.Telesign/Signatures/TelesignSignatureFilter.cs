using Microsoft.Extensions.Options;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Security;

/// <summary>
/// Checks the signature on the raw body before anything parses it. With
/// <c>Telesign:Webhook:RequireSignature</c> false the check still runs when a key is configured, and a
/// failure is logged and counted but let through: a safe way to roll verification out.
/// </summary>
internal sealed partial class TelesignSignatureFilter(
    TelesignSignatureVerifier verifier,
    IOptions<TelesignOptions> options,
    TelesignMetrics metrics,
    ILogger<TelesignSignatureFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var webhook = options.Value.Webhook;
        if (!webhook.RequireSignature && !verifier.HasKeys)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var body = await WebhookRequestBody.ReadAsync(http, webhook.MaxBodyBytes);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var check = verifier.Verify(
            body.Bytes.Span,
            http.Request.Headers[TelesignSignatureVerifier.AuthorizationHeader],
            http.Request.Headers[TelesignSignatureVerifier.TsAuthorizationHeader]);
        if (check.IsValid)
        {
            return await next(context);
        }

        metrics.SignatureFailed(check.Reason);
        if (!webhook.RequireSignature)
        {
            Log.AcceptedUnverified(logger, check.Reason);
            return await next(context);
        }

        Log.Rejected(logger, check.Reason);
        // One answer for every failure: telling a prober which part was wrong helps only the prober.
        return TypedResults.Problem(
            title: "Unauthorized",
            detail: "The request does not carry a valid Telesign signature.",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Webhook signature rejected: {Reason}")]
        public static partial void Rejected(ILogger logger, string reason);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Webhook signature invalid ({Reason}) but accepted: Telesign:Webhook:RequireSignature is false")]
        public static partial void AcceptedUnverified(ILogger logger, string reason);
    }
}

/// <summary>The endpoint convention that checks Telesign's signature.</summary>
public static class TelesignSignatureExtensions
{
    /// <summary>Refuses requests not signed by Telesign (docs/telesign-protocol.md, Callback signatures) on an endpoint or a group.</summary>
    public static TBuilder RequireTelesignSignature<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, TelesignSignatureFilter>();
}

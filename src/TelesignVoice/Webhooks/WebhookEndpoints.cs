using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TelesignVoice.Observability;
using TelesignVoice.Security;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

public static partial class WebhookEndpoints
{
    public static IEndpointConventionBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        // Bound here without validation: ValidateOnStart reports bad settings when the host starts,
        // with every message at once, instead of the first one escaping from route mapping.
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        var webhook = configuration.GetSection(TelesignOptions.SectionName).Get<TelesignOptions>()?.Webhook ?? new WebhookOptions();
        WarnAboutRemovedSettings(configuration, app.ServiceProvider.GetRequiredService<ILogger<WebhookProcessor>>());
        return app.MapPost(webhook.Path, HandleEventAsync)
            .WithName("TelesignWebhook")
            .WithTags("Telesign webhook")
            .WithSummary("Telesign POSTs one call event; the response body is the next action.")
            .WithDescription(
                "Signed by Telesign (Authorization: TSA {customer_id}:{signature} and/or X-TS-Authorization). "
                + "The same body delivered again gets the identical action and changes nothing.")
            .Accepts<TelesignEvent>("application/json")
            .Produces<TelesignAction>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireTelesignSignature();
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> HandleEventAsync(
        HttpContext context,
        WebhookProcessor processor,
        AnswerDeliveries deliveries,
        IOptions<TelesignOptions> options,
        TelesignVoiceMetrics metrics,
        Serilog.IDiagnosticContext requestLog,
        ILogger<WebhookProcessor> logger)
    {
        var started = Stopwatch.GetTimestamp();
        var body = await WebhookRequestBody.ReadAsync(context, options.Value.Webhook.MaxBodyBytes);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        TelesignEvent? evt;
        try
        {
            evt = JsonSerializer.Deserialize(body.Bytes.Span, TelesignVoiceJsonContext.Default.TelesignEvent);
        }
        catch (JsonException exception)
        {
            return TypedResults.Problem(
                title: "Malformed JSON",
                detail: DescribeJsonError(exception),
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (evt is null
            || !WireText.IsCleanId(evt.Event)
            || !WireText.IsCleanId(evt.ReferenceId)
            || (evt.ExternalId is not null && !WireText.IsCleanId(evt.ExternalId)))
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (!WireText.IsCleanId(evt?.Event))
            {
                errors["event"] = [$"The event name is required (e.g. \"dial_completed\"): at most {WireText.MaxIdLength} characters, no control characters."];
            }

            if (!WireText.IsCleanId(evt?.ReferenceId))
            {
                errors["reference_id"] = [$"The call's reference_id is required: at most {WireText.MaxIdLength} characters, no control characters."];
            }

            if (evt?.ExternalId is not null && !WireText.IsCleanId(evt.ExternalId))
            {
                errors["external_id"] = [$"external_id, when present, has at most {WireText.MaxIdLength} characters and no control characters."];
            }

            return TypedResults.ValidationProblem(errors, title: "The event is missing required fields or has malformed ids");
        }

        // The request-completed line is written after this scope closes: it gets the ids this way.
        requestLog.Set("reference_id", evt.ReferenceId);
        requestLog.Set("event", evt.Event);
        using var activity = TelemetrySetup.ActivitySource.StartActivity("telesign.webhook");
        activity?.SetTag("telesign.event", evt.Event);
        activity?.SetTag("telesign.reference_id", evt.ReferenceId);
        using (logger.BeginScope(LogScope.Webhook(evt.ReferenceId, evt.Event)))
        {
            // Not cancelled when the sender goes away: an event handled to its end is one its re-delivery
            // finds, answered the same.
            var answer = await processor.ProcessAsync(evt, body.Bytes, CancellationToken.None);
            deliveries.Track(context, evt.ReferenceId, answer.CallVersion);
            var method = answer.Method ?? "none";
            activity?.SetTag("telesign.action", method);
            activity?.SetTag("telesign.duplicate", answer.IsDuplicate);
            // The request line is the delivery's one line: a separate "answered" line doubled the logging
            // cost of the busiest path (docs/benchmarks.md).
            requestLog.Set("action", method);
            requestLog.Set("duplicate", answer.IsDuplicate);
            metrics.EventHandled(MetricEventName(evt.Event), answer.IsDuplicate ? "duplicate" : answer.IsUnknownCall ? "unknown_call" : "answered", Stopwatch.GetElapsedTime(started));
            metrics.ActionReturned(method);
            return TypedResults.Text(answer.ActionJson, "application/json", Encoding.UTF8);
        }
    }

    /// <summary>
    /// Telesign:Webhook:DuplicateWindowSeconds told re-deliveries from repeats by time, which fails both ways;
    /// the rule that replaced it has no setting (docs/webhook-redelivery.md). Read by hand: no option holds it.
    /// </summary>
    private static void WarnAboutRemovedSettings(IConfiguration configuration, ILogger logger)
    {
        if (configuration[$"{TelesignOptions.SectionName}:Webhook:DuplicateWindowSeconds"] is not null)
        {
            Log.DuplicateWindowIgnored(logger);
        }
    }

    /// <summary>Unknown event names share one tag value, so a stranger cannot grow the metric's cardinality.</summary>
    private static string MetricEventName(string eventName) => TelesignEventNames.IsKnown(eventName) ? eventName : "unknown";

    /// <summary>Says where the JSON broke without echoing the body, which may carry phone numbers.</summary>
    private static string DescribeJsonError(JsonException exception)
    {
        var where = exception.LineNumber is { } line
            ? $"line {line + 1}, byte {exception.BytePositionInLine + 1}"
            : "an unknown position";
        var path = string.IsNullOrEmpty(exception.Path) ? string.Empty : $" (at {exception.Path})";
        return $"The event body is not valid Telesign event JSON: error at {where}{path}.";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Telesign:Webhook:DuplicateWindowSeconds is no longer used and is ignored: re-deliveries are told from repeats by whether the answer was given (docs/webhook-redelivery.md); remove the setting")]
        public static partial void DuplicateWindowIgnored(ILogger logger);
    }
}

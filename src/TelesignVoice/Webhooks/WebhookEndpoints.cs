using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
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
        return app.MapPost(webhook.Path, HandleEventAsync)
            .WithName("TelesignWebhook")
            .WithTags("Telesign webhook")
            .WithSummary("Telesign POSTs one call event; the response body is the next action.")
            .RequireTelesignSignature();
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> HandleEventAsync(
        HttpContext context,
        WebhookProcessor processor,
        IOptions<TelesignOptions> options,
        ILogger<WebhookProcessor> logger)
    {
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

        if (evt is null || string.IsNullOrWhiteSpace(evt.Event) || string.IsNullOrWhiteSpace(evt.ReferenceId))
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(evt?.Event))
            {
                errors["event"] = ["The event name is required (e.g. \"dial_completed\")."];
            }

            if (string.IsNullOrWhiteSpace(evt?.ReferenceId))
            {
                errors["reference_id"] = ["The call's reference_id is required."];
            }

            return TypedResults.ValidationProblem(errors, title: "The event is missing required fields");
        }

        using (logger.BeginScope(new WebhookLogScope(evt.ReferenceId, evt.Event)))
        {
            var answer = await processor.ProcessAsync(evt, body.Bytes, context.RequestAborted);
            Log.Answered(logger, answer.Method ?? "none", answer.IsDuplicate);
            return TypedResults.Text(answer.ActionJson, "application/json", Encoding.UTF8);
        }
    }

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
        [LoggerMessage(Level = LogLevel.Information, Message = "Answered with {Method} (duplicate: {Duplicate})")]
        public static partial void Answered(ILogger logger, string method, bool duplicate);
    }
}

/// <summary>The log scope of one webhook delivery: every line written while handling it carries both.</summary>
public sealed class WebhookLogScope(string referenceId, string eventName) : IReadOnlyList<KeyValuePair<string, object>>
{
    public int Count => 2;

    public KeyValuePair<string, object> this[int index] => index switch
    {
        0 => new("reference_id", referenceId),
        1 => new("event", eventName),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"reference_id:{referenceId} event:{eventName}";
}

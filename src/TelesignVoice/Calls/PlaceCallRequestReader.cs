using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using TelesignVoice.Observability;

namespace TelesignVoice.Calls;

/// <summary>
/// Reads the body of POST /calls by hand rather than through parameter binding, so malformed JSON, a
/// wrong type or an unknown field gets a 400 naming the field instead of an empty 400 or a 500.
/// </summary>
public static class PlaceCallRequestReader
{
    /// <summary>A call request is a number and a few variables: far below this.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["to"] = "a string",
        ["caller_id_number"] = "a string",
        ["flow"] = "a string",
        ["external_id"] = "a string",
        ["max_call_duration"] = "a whole number of seconds",
        ["send_dtmf"] = "a string",
        ["variables"] = "an object of string values",
    };

    public static async Task<(PlaceCallRequest? Request, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                title: "Unsupported media type",
                detail: "Send the call as JSON with Content-Type: application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        // Kestrel then refuses a longer chunked body with 413 too (BadRequestExceptionHandler).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, TelesignVoiceJsonContext.Default.PlaceCallRequest, cancellationToken);
            return body is null
                ? (null, Invalid("body", "The body must be a JSON object, e.g. {\"to\":\"15555551212\"}."))
                : (body, null);
        }
        catch (JsonException exception)
        {
            var (field, message) = JsonBodyProblems.Describe(exception, Expected);
            return (null, Invalid(field, message));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(
            title: "Payload too large",
            detail: $"A call request is at most {MaxBodyBytes} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
            title: "The call request is not valid JSON for POST /calls");
}

using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TelesignVoice.Webhooks;

/// <summary>
/// Reads a webhook request's raw body once and keeps it on the request, so that the signature filter
/// verifies the exact bytes Telesign signed and the endpoint parses those same bytes afterwards.
/// </summary>
public sealed class WebhookRequestBody
{
    private WebhookRequestBody(ReadOnlyMemory<byte> bytes, ProblemHttpResult? problem)
    {
        Bytes = bytes;
        Problem = problem;
    }

    /// <summary>The raw body, as received.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The answer to give when the body cannot be accepted (415, 413); null when it can.</summary>
    public ProblemHttpResult? Problem { get; }

    /// <summary>Reads the body once per request (at most <paramref name="maxBytes"/>) and returns the same instance on later calls.</summary>
    public static async ValueTask<WebhookRequestBody> ReadAsync(HttpContext context, int maxBytes)
    {
        if (context.Features.Get<WebhookRequestBody>() is { } cached)
        {
            return cached;
        }

        var body = await ReadUncachedAsync(context, maxBytes);
        context.Features.Set(body);
        return body;
    }

    private static async ValueTask<WebhookRequestBody> ReadUncachedAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Telesign events are JSON: send Content-Type: application/json.");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        // Sized to the declared length plus the one byte that lets the last read report the end: a body of
        // the announced size fills it without growing (growing meant a second array, zeroed, on every event).
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var length ? (int)length + 1 : 1024);
        var cancellation = context.RequestAborted;
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(1), cancellation);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return TooLarge(maxBytes);
            }
        }

        return new WebhookRequestBody(buffer.WrittenMemory, problem: null);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static WebhookRequestBody TooLarge(int maxBytes) =>
        Refuse(StatusCodes.Status413PayloadTooLarge, "Payload too large",
            $"The event body is larger than {maxBytes} bytes (Telesign:Webhook:MaxBodyBytes).");

    private static WebhookRequestBody Refuse(int status, string title, string detail) =>
        new(ReadOnlyMemory<byte>.Empty, TypedResults.Problem(detail: detail, statusCode: status, title: title));
}

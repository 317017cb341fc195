using System.Text.Json;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Telesign;

/// <summary>Reads the event of a webhook request, from the same bytes the signature filter verified.</summary>
public static class TelesignWebhook
{
    /// <summary>
    /// The request's event, or null when the body is not a Telesign event: not JSON, larger than
    /// <c>Telesign:Webhook:MaxBodyBytes</c>, malformed, or without <c>event</c> and <c>reference_id</c>.
    /// </summary>
    public static async ValueTask<TelesignEvent?> ReadEventAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var maxBytes = context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<TelesignOptions>>()?.Value.Webhook.MaxBodyBytes
            ?? new WebhookOptions().MaxBodyBytes;
        var body = await WebhookRequestBody.ReadAsync(context, maxBytes);
        if (body.Problem is not null)
        {
            return null;
        }

        try
        {
            var evt = JsonSerializer.Deserialize(body.Bytes.Span, TelesignJsonContext.Default.TelesignEvent);
            return evt is { Event: not null, ReferenceId: not null } ? evt : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

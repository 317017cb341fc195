using Microsoft.Extensions.Options;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

/// <summary>
/// The answers of the seed page for a server with no call flows: an answered call hears the configured
/// prompt and may press digits; when the prompt ends, or anything else happens, the call hangs up.
/// </summary>
public sealed class PromptOnAnswerHandler(IOptions<DefaultPromptOptions> options) : IWebhookEventHandler
{
    public ValueTask<EventOutcome> HandleAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answered = context.EventName == TelesignEventNames.IncomingCall
            || string.Equals(context.Event.DataAs<DialCompletedData>()?.Status, TelesignStatuses.Answered, StringComparison.OrdinalIgnoreCase);
        var prompt = options.Value;
        var action = answered
            ? TelesignAction.Play(
                prompt.Url,
                new CollectDigits(prompt.MaxDigits, prompt.TimeoutMilliseconds, prompt.InterDigitTimeoutMilliseconds, prompt.Terminators))
            : TelesignAction.Hangup();
        return ValueTask.FromResult(new EventOutcome(action, context.Call));
    }
}

public sealed class HangupHandler : IWebhookEventHandler
{
    public ValueTask<EventOutcome> HandleAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(new EventOutcome(TelesignAction.Hangup(), context.Call));
    }
}

/// <summary>The <c>Telesign:Webhook:DefaultPrompt</c> section, used while no call flow answers events.</summary>
public sealed class DefaultPromptOptions
{
    public const string SectionName = "Telesign:Webhook:DefaultPrompt";

    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Set Telesign:Webhook:DefaultPrompt:Url to the audio file callers hear.")]
    public string Url { get; set; } = "https://url-pointing-to-audio-file.com/file.wav";

    [System.ComponentModel.DataAnnotations.Range(1, 64, ErrorMessage = "Telesign:Webhook:DefaultPrompt:MaxDigits must be between 1 and 64.")]
    public int MaxDigits { get; set; } = 5;

    public int? TimeoutMilliseconds { get; set; } = 10000;

    public int? InterDigitTimeoutMilliseconds { get; set; } = 3000;

    public string? Terminators { get; set; } = "*";
}

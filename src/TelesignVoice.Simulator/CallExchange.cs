using System.Text;
using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// One event out, one action back: posts the event (re-delivered when the script asks: the first delivery
/// abandoned before its answer is read), writes both sides into the transcript and judges the answer as
/// Telesign would.
/// </summary>
internal sealed class CallExchange(SimulatedCall call, SimulatorWebhookClient webhook, TimeProvider time, SimulatorOptions options)
{
    private readonly HashSet<string> _bodiesSent = new(StringComparer.Ordinal);
    private int _events;

    /// <param name="afterEnd">The call is over (call_completed, or a leg event after it): Telesign ignores the answer's action.</param>
    public async Task<ExchangeResult> SendAsync(string eventName, byte[] body, CancellationToken cancellationToken, bool afterEnd = false)
    {
        if (++_events > options.MaxEventsPerCall)
        {
            return ExchangeResult.Failed($"the call did not end within {options.MaxEventsPerCall} events (Simulator:MaxEventsPerCall)");
        }

        var text = Encoding.UTF8.GetString(body);
        call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Telesign, text);
        if (!_bodiesSent.Add(text))
        {
            // Telesign's events carry no timestamp or id: two silences in a row are byte-identical, and a
            // webhook that de-duplicates on the body alone will answer the second with the first's action.
            call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Simulator,
                $"note: this {eventName} is byte-identical to one sent earlier in this call (events carry no timestamp)");
        }

        var reply = call.Script.DuplicateEvents.Contains(eventName, StringComparer.Ordinal)
            ? await RedeliverAsync(eventName, body, cancellationToken)
            : await webhook.PostAsync(body, cancellationToken);

        call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Server, reply.StatusCode == 200 ? reply.Body : $"HTTP {reply.StatusCode} {reply.Body}");
        if (reply.StatusCode != 200)
        {
            return ExchangeResult.Failed($"the webhook answered {eventName} with HTTP {reply.StatusCode}");
        }

        if (afterEnd)
        {
            return ExchangeResult.Ended;
        }

        if (!string.Equals(reply.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Reject(eventName, ActionValidator.InvalidAction, $"the answer's Content-Type is {reply.MediaType ?? "missing"}, not application/json");
        }

        var verdict = ActionValidator.Check(reply.Body, eventName);
        return verdict.IsValid
            ? new ExchangeResult(verdict.Action, null)
            : Reject(eventName, verdict.Status!, verdict.Error!);
    }

    /// <summary>
    /// As Telesign re-delivers: it never got the first answer, so it sends the same bytes again and goes on
    /// with the second answer, which must be the action for this event.
    /// </summary>
    private async Task<WebhookReply> RedeliverAsync(string eventName, byte[] body, CancellationToken cancellationToken)
    {
        if (await webhook.AbandonAfterSendingAsync(body, cancellationToken) is { } early)
        {
            // The answer came before the abandon: Telesign would have read it, and sends nothing again.
            call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Simulator,
                $"could not abandon this {eventName}: its answer arrived before the connection was reset, so it is taken and not sent again");
            return early;
        }

        call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Simulator,
            $"abandoned this {eventName} once sent, before reading the answer (a dropped connection); sending the same bytes again");
        return await webhook.PostAsync(body, cancellationToken);
    }

    private ExchangeResult Reject(string eventName, string status, string error)
    {
        var message = $"Telesign would refuse the answer to {eventName}: {status}: {error}";
        call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Simulator, message);
        return ExchangeResult.Failed(message);
    }
}

/// <summary>The valid action that answered an event, or why the call fails.</summary>
internal sealed record ExchangeResult(TelesignAction? Action, string? Error)
{
    public static ExchangeResult Ended { get; } = new(null, null);

    public static ExchangeResult Failed(string error) => new(null, error);
}

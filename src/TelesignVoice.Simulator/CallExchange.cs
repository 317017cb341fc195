using System.Text;
using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// One event out, one action back: posts the event (twice when the script asks for a duplicate
/// delivery), writes both sides into the transcript and judges the answer as Telesign would.
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

        var reply = await webhook.PostAsync(body, cancellationToken);
        if (call.Script.DuplicateEvents.Contains(eventName, StringComparer.Ordinal))
        {
            var again = await webhook.PostAsync(body, cancellationToken);
            var same = again.StatusCode == reply.StatusCode && again.Body == reply.Body;
            call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Simulator,
                same ? $"delivered {eventName} twice: identical answers" : $"delivered {eventName} twice: the answers differ ({again.Body})");
            if (!same)
            {
                return ExchangeResult.Failed($"a duplicate delivery of {eventName} got a different answer");
            }
        }

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

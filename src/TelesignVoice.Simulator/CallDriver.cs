using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// Plays Telesign for one call: sends an event, judges the action our webhook answers with, lets the
/// scripted caller react, and sends the event that follows, until the call ends with call_completed.
/// Any answer Telesign would refuse ends the call and fails it, so our bugs surface here.
/// </summary>
internal sealed class CallDriver(SimulatedCall call, SimulatorWebhookClient webhook, TimeProvider time, SimulatorOptions options)
{
    private static readonly TimeSpan RingTime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan PromptTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LegTime = TimeSpan.FromSeconds(20);

    private readonly CallTranscript _transcript = call.Transcript;
    private readonly CallExchange _exchange = new(call, webhook, time, options);
    private DateTimeOffset _clock;
    private DateTimeOffset _createdOn;
    private DateTimeOffset? _answeredOn;
    private int _pressIndex;

    /// <summary>Runs the call to its end; returns the reason it failed, or null.</summary>
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        _createdOn = _clock = time.GetUtcNow();
        string eventName;
        byte[] body;
        if (call.Direction == TelesignDirections.Outbound)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.RingMilliseconds), time, cancellationToken);
            _clock += RingTime;
            var status = call.Script.DialStatus ?? TelesignStatuses.Answered;
            (eventName, body) = (TelesignEventNames.DialCompleted,
                SimulatedEvents.DialCompleted(call.ReferenceId, call.ExternalId, call.From, call.To, status));
            if (status != TelesignStatuses.Answered)
            {
                // Nobody is on the line: the answer is judged, then Telesign ends the call.
                var unanswered = await _exchange.SendAsync(eventName, body, cancellationToken);
                return await EndAsync(status, unanswered.Error, cancellationToken);
            }
        }
        else
        {
            (eventName, body) = (TelesignEventNames.IncomingCall, SimulatedEvents.IncomingCall(call.ReferenceId, call.From, call.To));
        }

        _answeredOn = _clock;
        if (call.DialDtmf is { } tones)
        {
            // dial.send_dtmf is documented as sent once the callee answers (docs/telesign-protocol.md).
            _transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Caller, $"answers and hears tones {tones}");
        }

        while (true)
        {
            var step = await _exchange.SendAsync(eventName, body, cancellationToken);
            if (step.Error is not null)
            {
                return await EndAsync(TelesignStatuses.Hangup, step.Error, cancellationToken);
            }

            var action = step.Action!;
            switch (action.Method)
            {
                case TelesignMethods.Speak or TelesignMethods.Play or TelesignMethods.PlayMultiple:
                    var next = Prompt(action);
                    if (next is null)
                    {
                        return await EndAsync(TelesignStatuses.Hangup, null, cancellationToken);
                    }

                    (eventName, body) = next.Value;
                    break;
                case TelesignMethods.Dial:
                    _transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Caller, $"is connected to {action.Params.To}");
                    _clock += LegTime;
                    (eventName, body) = (TelesignEventNames.CallLegCompleted,
                        SimulatedEvents.CallLegCompleted(call.ReferenceId, call.ExternalId, action.Params.CallerIdNumber!, action.Params.To!));
                    if (call.Script.CallCompletedBeforeLeg)
                    {
                        var error = await EndAsync(TelesignStatuses.Hangup, null, cancellationToken);
                        var late = await _exchange.SendAsync(eventName, body, cancellationToken, afterEnd: true);
                        return error ?? late.Error;
                    }

                    break;
                case TelesignMethods.SendDtmf:
                    // Telesign documents no event after send_dtmf (docs/telesign-protocol.md), so nothing
                    // asks the server for the next action: the line stays silent until the callee hangs up.
                    _transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Caller, $"hears tones {action.Params.Digits}; no event follows send_dtmf, so the line stays silent and the callee hangs up");
                    return await EndAsync(TelesignStatuses.Hangup, null, cancellationToken);
                default:
                    return await EndAsync(TelesignStatuses.Hangup, null, cancellationToken);
            }
        }
    }

    /// <summary>The caller hears a prompt and maybe presses keys; null when the caller hangs up.</summary>
    private (string EventName, byte[] Body)? Prompt(TelesignAction action)
    {
        var p = action.Params;
        var heard = action.Method switch
        {
            TelesignMethods.Speak => $"hears \"{p.Tts!.Message}\"",
            TelesignMethods.Play => $"hears audio {p.Url}",
            _ => $"hears audio {string.Join(", ", p.Urls!)}",
        };
        _transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Caller, heard);
        _clock += PromptTime;

        string? digits = null;
        if (p.CollectDigits is { } collect)
        {
            var press = _pressIndex < call.Script.Presses.Count ? call.Script.Presses[_pressIndex] : string.Empty;
            _pressIndex++;
            if (string.Equals(press, CallerScript.HangupPress, StringComparison.OrdinalIgnoreCase))
            {
                _transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Caller, "hangs up");
                return null;
            }

            digits = DigitCollector.Collect(press, collect.Max, collect.Terminators);
            var said = press.Length == 0 ? "presses nothing" : $"presses {press}";
            var kept = digits == press ? string.Empty : $" (collected \"{digits}\")";
            _transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Caller, said + kept);
            _clock += TimeSpan.FromSeconds(press.Length);
        }

        return action.Method == TelesignMethods.Speak
            ? (TelesignEventNames.SpeakCompleted,
                SimulatedEvents.PromptCompleted(TelesignEventNames.SpeakCompleted, call.ReferenceId, call.ExternalId, TelesignStatuses.SpeakSuccessful, digits))
            : (TelesignEventNames.PlayCompleted,
                SimulatedEvents.PromptCompleted(TelesignEventNames.PlayCompleted, call.ReferenceId, call.ExternalId, "play_successful", digits));
    }

    /// <summary>Sends call_completed; the call fails with the first error seen.</summary>
    private async Task<string?> EndAsync(string status, string? error, CancellationToken cancellationToken)
    {
        var ended = _clock + TimeSpan.FromSeconds(1);
        var duration = _answeredOn is { } answered ? (int)Math.Round((ended - answered).TotalSeconds) : 0;
        var record = new EndOfCallRecord(duration, _createdOn, _answeredOn, ended, status, call.To, call.From, call.Direction);
        var completed = await _exchange.SendAsync(
            TelesignEventNames.CallCompleted,
            SimulatedEvents.CallCompleted(call.ReferenceId, call.ExternalId, record),
            cancellationToken,
            afterEnd: true);
        return error ?? completed.Error;
    }
}

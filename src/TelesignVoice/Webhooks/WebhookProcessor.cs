using System.Text;
using System.Text.Json;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Observability;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

/// <summary>
/// Turns one verified event into the action that answers it: a re-delivery gets the action stored for it
/// (<see cref="RedeliveryRule"/>); otherwise the event's handler runs and the event, its action and the
/// call's new state are committed together.
/// </summary>
/// <remarks>
/// Telesign's events carry no id or timestamp, so a caller silent twice sends the same bytes twice: the
/// rule is built from what the server knows instead (docs/webhook-redelivery.md). Deliveries racing each
/// other are settled by the store: both are handled at the same call version, and the store keeps one
/// event per (body, call version).
/// </remarks>
public sealed partial class WebhookProcessor(
    ICallStore store,
    IWebhookEventHandler handler,
    TimeProvider time,
    AnswerDeliveries deliveries,
    SensitiveValues sensitive,
    KeyedHashes hashes,
    CallNotifications notifications,
    IEnumerable<ICallEventObserver> observers,
    ILogger<WebhookProcessor> logger)
{
    /// <summary>How often to re-run a handler when another event of the same call committed first.</summary>
    private const int MaxConcurrencyRetries = 5;

    public async Task<WebhookAnswer> ProcessAsync(TelesignEvent evt, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var referenceId = evt.ReferenceId!;
        if (!TelesignEventNames.IsKnown(evt.Event))
        {
            Log.UnknownEvent(logger);
        }

        // A body stored with a PIN taken out is kept under its keyed hash (a plain one could be matched against
        // every candidate PIN); a body stored whole, under its plain SHA-256, which tells nothing the stored
        // body does not and which instances of the previous release still recognise during a roll-out.
        var keyedBodyHash = hashes.Of(body.Span);
        var plainBodyHash = KeyedHashes.Plain(body.Span);

        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var now = time.GetUtcNow();

            // Taken before the read: an answer whose writing started after this event arrived cannot be
            // what this event follows.
            var writing = deliveries.Current(referenceId);

            // One read for the call, this body's latest delivery and the call's latest event (the call
            // first: a twin that committed after it was read is refused by the store at this version).
            var found = await store.FindCallAndEventAsync(referenceId, keyedBodyHash, plainBodyHash, cancellationToken);
            var (stored, seen) = found;
            if (seen is not null && await RedeliveryRule.IsRedeliveryAsync(evt.Event!, stored, found.Latest, seen, writing))
            {
                Log.DuplicateEvent(logger);
                if (stored is not null)
                {
                    // The first delivery's observers may never have run (the process died between its commit
                    // and them, which is what made Telesign send it again); they are idempotent, so run them now.
                    await NotifyObserversAsync(stored, evt, cancellationToken);
                }

                return new WebhookAnswer(StoredAction(seen), seen.ActionMethod, IsDuplicate: true, seen.CallVersion);
            }

            var adopted = stored is null ? await AdoptUnknownDialAsync(evt, cancellationToken) : null;
            stored ??= adopted;
            var unknownCall = IsUnknownCall(stored, evt.Event);
            var call = CallLifecycle.Apply(stored, evt, now) with { Version = stored?.Version ?? 0 };

            // Only a body stored with its digits masked is kept under the keyed hash.
            var context = new WebhookEventContext(evt, call, now) { RepeatsSecretEntry = seen?.BodyHash == keyedBodyHash };
            EventOutcome outcome;
            if (unknownCall)
            {
                // Never placed, never received: no flow runs for it, and it stays what it is whatever follows.
                Log.UnknownCall(logger, evt.Event);
                outcome = new EventOutcome(TelesignAction.Hangup(), call with { Status = CallStatuses.UnknownCall });
            }
            else
            {
                using (logger.BeginScope(LogScope.FlowPosition(call.Flow, call.Step)))
                {
                    outcome = await handler.HandleAsync(context, cancellationToken);
                }
            }
            if (context.RepeatsSecretEntry && !outcome.SensitiveInput)
            {
                // No ask took the digits (the call moved past one): they are still not kept.
                outcome = outcome with
                {
                    Call = outcome.Call with { Digits = SensitiveEntries.MaskedAfter(outcome.Call.Digits, stored?.Digits.Count ?? 0) },
                    SensitiveInput = true,
                };
            }

            var actionJson = JsonSerializer.Serialize(outcome.Action, TelesignVoiceJsonContext.Default.TelesignAction);

            // The hash is of the bytes received, so a re-delivery still matches; a secret in them is not stored.
            var record = new EventRecord(
                referenceId,
                evt.Event!,
                outcome.SensitiveInput ? keyedBodyHash : plainBodyHash,
                outcome.SensitiveInput ? EventRedaction.WithoutDigits(body.Span, outcome.SensitiveInputAccepted) : Encoding.UTF8.GetString(body.Span),
                now,
                outcome.SensitiveAction ? sensitive.Protect(actionJson) : actionJson,
                outcome.Action.Method);

            // Notifications the event causes are committed with it, so they exist exactly when it does.
            var outbox = await notifications.ForEventAsync(stored, outcome.Call, context.FlowResults, cancellationToken);
            var result = await store.CommitEventAsync(outcome.Call with { Version = call.Version }, record, outbox, cancellationToken);
            switch (result.Status)
            {
                case CommitStatus.Committed:
                    if (adopted is not null)
                    {
                        // The call lives on under its real id: the placeholder would show a second, stale call.
                        await store.ForgetPlaceholderAsync(CallDialer.UnknownOutcomeReferenceId(evt.ExternalId!), referenceId, cancellationToken);
                    }

                    await NotifyObserversAsync(outcome.Call, evt, cancellationToken);
                    return new WebhookAnswer(actionJson, outcome.Action.Method, IsDuplicate: false, call.Version) { IsUnknownCall = unknownCall };
                case CommitStatus.Duplicate when result.StoredEvent is null:
                    // The twin that won was gone by the re-read (purged, or under another version): handle again.
                    Log.ConcurrentUpdate(logger, attempt + 1);
                    break;
                case CommitStatus.Duplicate:
                    Log.DuplicateEvent(logger);
                    return new WebhookAnswer(StoredAction(result.StoredEvent!), result.StoredEvent!.ActionMethod, IsDuplicate: true, call.Version);
                default:
                    Log.ConcurrentUpdate(logger, attempt + 1);
                    break;
            }
        }

        throw new InvalidOperationException(
            $"Call {referenceId} kept changing under {MaxConcurrencyRetries} attempts to handle one event.");
    }

    /// <summary>The stored action's bytes as first answered (decrypted when it read a secret out).</summary>
    private string StoredAction(EventRecord stored) =>
        SensitiveValues.IsProtected(stored.ActionJson) ? sensitive.Reveal(stored.ActionJson) ?? JsonSerializer.Serialize(TelesignAction.Hangup(), TelesignVoiceJsonContext.Default.TelesignAction) : stored.ActionJson;

    private async Task NotifyObserversAsync(CallRecord call, TelesignEvent evt, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnEventCommittedAsync(call, evt, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ObserverFailed(logger, ex, observer.GetType().Name);
            }
        }
    }

    /// <summary>
    /// A call starts with incoming_call (inbound), or is one we placed: recorded by the dial, or by the intent
    /// written before it (adopted by its first event). Any other first event, dial_completed included, is for
    /// a call this server never placed nor received.
    /// </summary>
    private static bool IsUnknownCall(CallRecord? stored, string? eventName) =>
        stored is null
            ? eventName is not TelesignEventNames.IncomingCall
            : stored.Status == CallStatuses.UnknownCall;

    /// <summary>
    /// A dial whose answer never came back (timeout, 5xx) was recorded under a placeholder id. If it did
    /// ring, this first event carries our external_id: the call continues in the flow and with the
    /// variables it was placed with, under Telesign's real reference id.
    /// </summary>
    private async Task<CallRecord?> AdoptUnknownDialAsync(TelesignEvent evt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(evt.ExternalId)
            || await store.FindCallAsync(CallDialer.UnknownOutcomeReferenceId(evt.ExternalId), cancellationToken) is not { } placeholder)
        {
            return null;
        }

        Log.AdoptedUnknownDial(logger);
        return placeholder with { ReferenceId = evt.ReferenceId!, Status = CallStatuses.Dialing, Version = 0 };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Duplicate delivery: answering with the stored action")]
        public static partial void DuplicateEvent(ILogger logger);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Another event of the call committed first; handling again (attempt {Attempt})")]
        public static partial void ConcurrentUpdate(ILogger logger, int attempt);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "The first event of a dial whose outcome was unknown arrived: continuing it in the flow it was placed with")]
        public static partial void AdoptedUnknownDial(ILogger logger);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Unknown event name: answering with the fallback action")]
        public static partial void UnknownEvent(ILogger logger);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "{Event} for a call this server never placed nor received: answering hangup and keeping it as unknown_call")]
        public static partial void UnknownCall(ILogger logger, string? @event);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "{Observer} failed after the event was committed; the answer is unchanged")]
        public static partial void ObserverFailed(ILogger logger, Exception exception, string observer);
    }
}

/// <summary>
/// The action's JSON as it goes on the wire (exactly the stored bytes for a duplicate), and the call version
/// of the event it answers (whose answer is marked given once the response is written).
/// </summary>
public sealed record WebhookAnswer(string ActionJson, string? Method, bool IsDuplicate, long CallVersion)
{
    /// <summary>The event is for a call this server never placed nor received (status unknown_call).</summary>
    public bool IsUnknownCall { get; init; }
}

using TelesignVoice.Calls;
using TelesignVoice.Observability;
using TelesignVoice.Privacy;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Flows;

/// <summary>
/// Runs call flows: answers every event with the action of the call's current step, and returns where
/// the call now stands (step, attempts, variables) for the webhook processor to commit with the event.
/// It keeps nothing in memory between events, so a restart or another instance continues the call.
/// </summary>
public sealed partial class FlowEngine(
    FlowCatalog catalog,
    FlowVersions versions,
    FlowSteps steps,
    SensitiveValues sensitive,
    TelesignVoiceMetrics metrics,
    ILogger<FlowEngine> logger) : IWebhookEventHandler
{
    public async ValueTask<EventOutcome> HandleAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = context.Call;
        switch (context.EventName)
        {
            case TelesignEventNames.IncomingCall:
                return await StartAsync(context, call with { Flow = catalog.InboundFlowFor(call.To) }, cancellationToken);
            case TelesignEventNames.DialCompleted when call.Step is not null:
                return await LegDialledAsync(context, cancellationToken);
            case TelesignEventNames.DialCompleted when call.Status == CallStatuses.InProgress:
                return await StartAsync(context, call with { Flow = call.Flow ?? catalog.DefaultFlowId }, cancellationToken);
            case TelesignEventNames.SpeakCompleted or TelesignEventNames.PlayCompleted:
                return await PromptEndedAsync(context, cancellationToken);
            case TelesignEventNames.CallLegCompleted:
                return await TransferEndedAsync(context, cancellationToken);
            default:
                // Not answered, call_completed, or an event we do not know: the flow is over.
                return FlowSteps.End(call);
        }
    }

    private async ValueTask<EventOutcome> StartAsync(WebhookEventContext context, CallRecord call, CancellationToken cancellationToken)
    {
        if (catalog.Find(call.Flow) is not { } flow)
        {
            Log.UnknownFlow(logger, call.Flow ?? "(default)");
            return FlowSteps.End(call);
        }

        await versions.PinAsync(flow, cancellationToken);
        return await steps.EnterAsync(new FlowTurn(context, flow, call with { FlowVersion = flow.Version }), flow.Start, cancellationToken);
    }

    private async ValueTask<EventOutcome> PromptEndedAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(context, cancellationToken) is not { } current)
        {
            return FlowSteps.End(context.Call);
        }

        var (turn, step) = current;
        if (step.Ask is { } ask)
        {
            // As sent, control characters included: no key makes one, so an entry holding one is refused, not
            // accepted with it taken out (the call's record keeps the entry without them, CallLifecycle).
            var digits = context.Event.DataAs<PromptCompletedData>()?.CollectedDigits ?? string.Empty;
            var entry = ask.EndKeys is null ? digits : digits.TrimEnd(ask.EndKeys.ToCharArray());
            if (!turn.Flow.IsSensitive(ask) && !context.RepeatsSecretEntry)
            {
                return await RouteAsync(turn, step, ask, entry, secret: false, cancellationToken);
            }

            // The entry is a secret: routed on in memory, never kept as typed.
            var masked = turn with { Call = turn.Call with { Digits = MaskLastEntry(turn.Call.Digits, context.Call.Step) } };
            return await RouteAsync(masked, step, ask, entry, secret: true, cancellationToken) with
            {
                SensitiveInput = true,
                SensitiveInputAccepted = FlowPrompts.Accepts(ask, entry),
            };
        }

        return step switch
        {
            { Transfer: not null } => steps.Answer(turn, turn.Call.Step!, step, turn.Call.Attempts, message: null, transferNow: true),
            { Hangup: true } => FlowSteps.End(turn.Call),
            _ => await steps.EnterAsync(turn, step.Next ?? FlowTargets.Hangup, cancellationToken),
        };
    }

    private async ValueTask<EventOutcome> TransferEndedAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(context, cancellationToken) is not ({ } turn, { Transfer: { } transfer }) || transfer.After == FlowTargets.Hangup)
        {
            return FlowSteps.End(context.Call);
        }

        return await steps.EnterAsync(turn with { Call = turn.Call with { Status = CallStatuses.InProgress } }, transfer.After, cancellationToken);
    }

    /// <summary>
    /// A dial_completed once the flow runs reports a transfer's leg (Telesign documents call_leg_completed
    /// for transfers, so this is defensive): an agent who did not answer sends the caller to the
    /// transfer's after step; the flow never restarts in the middle of a call.
    /// </summary>
    private async ValueTask<EventOutcome> LegDialledAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        if (context.Call.Status == CallStatuses.NotAnswered
            && await CurrentAsync(context, cancellationToken) is ({ } turn, { Transfer: { } transfer })
            && transfer.After != FlowTargets.Hangup)
        {
            return await steps.EnterAsync(turn with { Call = turn.Call with { Status = CallStatuses.InProgress } }, transfer.After, cancellationToken);
        }

        Log.UnexpectedDialCompleted(logger, context.Call.Step!);
        return FlowSteps.End(context.Call);
    }

    private async ValueTask<EventOutcome> RouteAsync(FlowTurn turn, FlowStep step, FlowAsk ask, string digits, bool secret, CancellationToken cancellationToken)
    {
        if (digits.Length == 0)
        {
            return await MissAsync(turn, step, ask, "no_input", ask.NoInput, cancellationToken);
        }

        if (digits == ask.RepeatKey)
        {
            return await MissAsync(turn, step, ask, kind: null, message: null, cancellationToken);
        }

        if (ask.Choices.TryGetValue(digits, out var target))
        {
            return await steps.EnterAsync(turn, target, cancellationToken);
        }

        if (ask.SaveAs is { } variable && FlowPrompts.IsValidEntry(ask, digits))
        {
            var kept = secret ? sensitive.Protect(digits) : digits;
            var variables = new Dictionary<string, string>(turn.Call.Variables, StringComparer.Ordinal) { [variable] = kept };
            return await steps.EnterAsync(turn with { Call = turn.Call with { Variables = variables } }, step.Next!, cancellationToken);
        }

        return await MissAsync(turn, step, ask, "invalid_input", ask.InvalidInput, cancellationToken);
    }

    /// <summary>Asks again, up to the step's attempts (a repeat counts too, so no caller loops forever), then gives up.</summary>
    private async ValueTask<EventOutcome> MissAsync(FlowTurn turn, FlowStep step, FlowAsk ask, string? kind, FlowMessage? message, CancellationToken cancellationToken)
    {
        var stepId = turn.Call.Step!;
        if (kind is not null)
        {
            metrics.PromptMissed(turn.Flow.Id, stepId, kind);
        }

        var attempts = Math.Max(turn.Call.Attempts, 1);
        return attempts >= ask.Attempts
            ? await steps.EnterAsync(turn, ask.GiveUp, cancellationToken)
            : steps.Answer(turn, stepId, step, attempts + 1, message, transferNow: false);
    }

    /// <summary>The call's step in the version of its flow it started on.</summary>
    private async ValueTask<(FlowTurn Turn, FlowStep Step)?> CurrentAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        var call = context.Call;
        if (call.Step is null || await versions.FindAsync(call.Flow, call.FlowVersion, cancellationToken) is not { } flow)
        {
            return null;
        }

        if (!flow.Steps.TryGetValue(call.Step, out var step))
        {
            Log.UnknownStep(logger, flow.Id, call.Step);
            return null;
        }

        return (new FlowTurn(context, flow, call), step);
    }

    /// <summary>The entry CallLifecycle just recorded for this step, as <see cref="SensitiveValues.Mask"/>.</summary>
    private static IReadOnlyList<CollectedDigits> MaskLastEntry(IReadOnlyList<CollectedDigits> digits, string? step) =>
        digits is [.., { } last] && last.Step == step
            ? [.. digits.Take(digits.Count - 1), last with { Digits = SensitiveValues.Mask }]
            : digits;

    private static partial class Log
    {
        [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "The call's flow {Flow} does not exist; hanging up")]
        public static partial void UnknownFlow(ILogger logger, string flow);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "dial_completed arrived while the call was at step {Step}; hanging up")]
        public static partial void UnexpectedDialCompleted(ILogger logger, string step);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Call flow {Flow} has no step {Step} (changed while the call ran?); hanging up")]
        public static partial void UnknownStep(ILogger logger, string flow, string step);
    }
}

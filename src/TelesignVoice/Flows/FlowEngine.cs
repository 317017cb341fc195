using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Observability;
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
    FlowPrompts prompts,
    IServiceProvider services,
    TelesignVoiceMetrics metrics,
    ILogger<FlowEngine> logger) : IWebhookEventHandler
{
    /// <summary>Code steps that lead to code steps run within one event; this many in a row is a loop.</summary>
    private const int MaxStepsPerEvent = 16;

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
                return End(call);
        }
    }

    private async ValueTask<EventOutcome> StartAsync(WebhookEventContext context, CallRecord call, CancellationToken cancellationToken)
    {
        if (catalog.Find(call.Flow) is not { } flow)
        {
            Log.UnknownFlow(logger, call.Flow ?? "(default)");
            return End(call);
        }

        return await EnterAsync(new Turn(context, flow, call), flow.Start, cancellationToken);
    }

    private async ValueTask<EventOutcome> PromptEndedAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        if (Current(context) is not { } current)
        {
            return End(context.Call);
        }

        var (turn, step) = current;
        if (step.Ask is { } ask)
        {
            var digits = context.Event.DataAs<PromptCompletedData>()?.CollectedDigits ?? string.Empty;
            return await RouteAsync(turn, step, ask, ask.EndKeys is null ? digits : digits.TrimEnd(ask.EndKeys.ToCharArray()), cancellationToken);
        }

        return step switch
        {
            { Transfer: not null } => Answer(turn, turn.Call.Step!, step, turn.Call.Attempts, message: null, transferNow: true),
            { Hangup: true } => End(turn.Call),
            _ => await EnterAsync(turn, step.Next ?? FlowTargets.Hangup, cancellationToken),
        };
    }

    private async ValueTask<EventOutcome> TransferEndedAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        if (Current(context) is not ({ } turn, { Transfer: { } transfer }) || transfer.After == FlowTargets.Hangup)
        {
            return End(context.Call);
        }

        return await EnterAsync(turn with { Call = turn.Call with { Status = CallStatuses.InProgress } }, transfer.After, cancellationToken);
    }

    /// <summary>
    /// A dial_completed once the flow runs reports a transfer's leg (Telesign documents call_leg_completed
    /// for transfers, so this is defensive): an agent who did not answer sends the caller to the
    /// transfer's after step; the flow never restarts in the middle of a call.
    /// </summary>
    private async ValueTask<EventOutcome> LegDialledAsync(WebhookEventContext context, CancellationToken cancellationToken)
    {
        if (context.Call.Status == CallStatuses.NotAnswered
            && Current(context) is ({ } turn, { Transfer: { } transfer })
            && transfer.After != FlowTargets.Hangup)
        {
            return await EnterAsync(turn with { Call = turn.Call with { Status = CallStatuses.InProgress } }, transfer.After, cancellationToken);
        }

        Log.UnexpectedDialCompleted(logger, context.Call.Step!);
        return End(context.Call);
    }

    private async ValueTask<EventOutcome> RouteAsync(Turn turn, FlowStep step, FlowAsk ask, string digits, CancellationToken cancellationToken)
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
            return await EnterAsync(turn, target, cancellationToken);
        }

        if (ask.SaveAs is { } variable && FlowPrompts.IsValidEntry(ask, digits))
        {
            var variables = new Dictionary<string, string>(turn.Call.Variables, StringComparer.Ordinal) { [variable] = digits };
            return await EnterAsync(turn with { Call = turn.Call with { Variables = variables } }, step.Next!, cancellationToken);
        }

        return await MissAsync(turn, step, ask, "invalid_input", ask.InvalidInput, cancellationToken);
    }

    /// <summary>Asks again, up to the step's attempts (a repeat counts too, so no caller loops forever), then gives up.</summary>
    private async ValueTask<EventOutcome> MissAsync(Turn turn, FlowStep step, FlowAsk ask, string? kind, FlowMessage? message, CancellationToken cancellationToken)
    {
        var stepId = turn.Call.Step!;
        if (kind is not null)
        {
            metrics.PromptMissed(turn.Flow.Id, stepId, kind);
        }

        var attempts = Math.Max(turn.Call.Attempts, 1);
        return attempts >= ask.Attempts
            ? await EnterAsync(turn, ask.GiveUp, cancellationToken)
            : Answer(turn, stepId, step, attempts + 1, message, transferNow: false);
    }

    private async ValueTask<EventOutcome> EnterAsync(Turn turn, string target, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop < MaxStepsPerEvent; hop++)
        {
            if (target == FlowTargets.Hangup)
            {
                return End(turn.Call);
            }

            var step = turn.Flow.Steps[target];
            if (step.Code is null)
            {
                return Answer(turn, target, step, attempts: 1, message: null, transferNow: false);
            }

            var (result, call) = await RunCodeAsync(turn, target, step, cancellationToken);
            if (result is null || !step.Results.TryGetValue(result, out var next))
            {
                return Fail(turn, target, result is null ? "the code step failed" : $"the code step returned '{result}', which results does not list");
            }

            turn = turn with { Call = call };
            target = next;
        }

        return Fail(turn, target, $"more than {MaxStepsPerEvent} code steps in a row");
    }

    private EventOutcome Answer(Turn turn, string stepId, FlowStep step, int attempts, FlowMessage? message, bool transferNow)
    {
        var call = turn.Call with { Step = stepId, Attempts = attempts };
        var action = prompts.ActionFor(turn.Flow, step, call, message, transferNow, out var problem);
        if (action is null)
        {
            return Fail(turn with { Call = call }, stepId, problem!);
        }

        if (!TelesignCallRules.IsAllowed(turn.Context.EventName, action.Method))
        {
            return Fail(turn with { Call = call }, stepId, $"Telesign does not accept {action.Method} as the answer to {turn.Context.EventName}");
        }

        return action.Method switch
        {
            TelesignMethods.Hangup => End(call),
            TelesignMethods.Dial => new EventOutcome(action, call with { Status = CallStatuses.Transferred }),
            _ => new EventOutcome(action, call),
        };
    }

    /// <summary>A step that cannot run goes to the flow's on_error step once; if that fails too, or there is none, the call ends.</summary>
    private EventOutcome Fail(Turn turn, string stepId, string reason)
    {
        Log.StepFailed(logger, turn.Flow.Id, stepId, reason);
        if (turn.Failing || turn.Flow.OnError is not { } onError || onError == FlowTargets.Hangup)
        {
            return End(turn.Call);
        }

        var step = turn.Flow.Steps[onError];
        return step.Code is null
            ? Answer(turn with { Failing = true }, onError, step, attempts: 1, message: null, transferNow: false)
            : End(turn.Call);
    }

    private async ValueTask<(string? Result, CallRecord Call)> RunCodeAsync(Turn turn, string stepId, FlowStep step, CancellationToken cancellationToken)
    {
        var code = services.GetRequiredKeyedService<IFlowStep>(step.Code);
        FlowStepResult result;
        try
        {
            result = await code.RunAsync(new FlowStepContext(turn.Flow.Id, stepId, turn.Call, turn.Call.Variables), cancellationToken);
        }
#pragma warning disable CA1031 // Whatever a code step throws, the caller is better off at on_error than in silence.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.CodeStepThrew(logger, exception, turn.Flow.Id, stepId);
            return (null, turn.Call);
        }

        var variables = new Dictionary<string, string>(turn.Call.Variables, StringComparer.Ordinal);
        foreach (var (name, value) in result.Variables)
        {
            variables[name] = value;
        }

        return (result.Result, turn.Call with { Variables = variables });
    }

    private (Turn Turn, FlowStep Step)? Current(WebhookEventContext context)
    {
        var call = context.Call;
        if (call.Step is null || catalog.Find(call.Flow) is not { } flow)
        {
            return null;
        }

        if (!flow.Steps.TryGetValue(call.Step, out var step))
        {
            Log.UnknownStep(logger, flow.Id, call.Step);
            return null;
        }

        return (new Turn(context, flow, call), step);
    }

    private static EventOutcome End(CallRecord call) =>
        new(TelesignAction.Hangup(), call with { Step = null, Attempts = 0 });

    private sealed record Turn(WebhookEventContext Context, FlowDefinition Flow, CallRecord Call, bool Failing = false);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Call flow {Flow}, step {Step} cannot run: {Reason}")]
        public static partial void StepFailed(ILogger logger, string flow, string step, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "Call flow {Flow}, code step {Step} threw")]
        public static partial void CodeStepThrew(ILogger logger, Exception exception, string flow, string step);

        [LoggerMessage(Level = LogLevel.Error, Message = "The call's flow {Flow} does not exist; hanging up")]
        public static partial void UnknownFlow(ILogger logger, string flow);

        [LoggerMessage(Level = LogLevel.Warning, Message = "dial_completed arrived while the call was at step {Step}; hanging up")]
        public static partial void UnexpectedDialCompleted(ILogger logger, string step);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Call flow {Flow} has no step {Step} (changed while the call ran?); hanging up")]
        public static partial void UnknownStep(ILogger logger, string flow, string step);
    }
}

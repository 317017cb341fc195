using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Privacy;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Flows;

/// <summary>
/// Entering a step: notify, send_digits and code steps run in place and lead on, the first other step
/// answers the event with its action (<see cref="FlowPrompts"/>); a step that cannot run goes to on_error.
/// </summary>
/// <remarks>Logs under <see cref="FlowEngine"/>'s category: to an operator these are the engine's lines.</remarks>
public sealed partial class FlowSteps(FlowPrompts prompts, SensitiveValues sensitive, IServiceProvider services, ILogger<FlowEngine> logger)
{
    /// <summary>Code steps that lead to code steps run within one event; this many in a row is a loop.</summary>
    private const int MaxStepsPerEvent = 16;

    public async ValueTask<EventOutcome> EnterAsync(FlowTurn turn, string target, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop < MaxStepsPerEvent; hop++)
        {
            if (target == FlowTargets.Hangup)
            {
                return End(turn.Call);
            }

            var step = turn.Flow.Steps[target];
            if (step.Notify is not null)
            {
                turn.Context.FlowResults.Add(FlowNotify.Result(turn.Flow, target, step, turn.Call));
                target = step.Next!;
                continue;
            }

            if (step.SendDigits is not null)
            {
                // Its keys left with the dial (dial.send_dtmf, sent once the callee answers), because
                // Telesign documents no event after a send_dtmf answer that would let the flow go on.
                if (turn.Context.EventName != TelesignEventNames.DialCompleted || target != turn.Flow.Start)
                {
                    return Fail(turn, target, "send_digits runs only as the start step of an outbound call");
                }

                target = step.Next!;
                continue;
            }

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

    public EventOutcome Answer(FlowTurn turn, string stepId, FlowStep step, int attempts, FlowMessage? message, bool transferNow)
    {
        var call = turn.Call with { Step = stepId, Attempts = attempts };
        var action = prompts.ActionFor(turn.Flow, step, call, message, transferNow, out var problem, out var readsSecret);
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
            TelesignMethods.Dial => new EventOutcome(action, call with { Status = CallStatuses.Transferred }) { SensitiveAction = readsSecret },
            _ => new EventOutcome(action, call) { SensitiveAction = readsSecret },
        };
    }

    /// <summary>A step that cannot run goes to the flow's on_error step once; if that fails too, or there is none, the call ends.</summary>
    private EventOutcome Fail(FlowTurn turn, string stepId, string reason)
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

    private async ValueTask<(string? Result, CallRecord Call)> RunCodeAsync(FlowTurn turn, string stepId, FlowStep step, CancellationToken cancellationToken)
    {
        var code = services.GetRequiredKeyedService<IFlowStep>(step.Code);
        FlowStepResult result;
        try
        {
            // A code step (a PIN check) gets sensitive values in clear, in memory, for this event only.
            result = await code.RunAsync(new FlowStepContext(turn.Flow.Id, stepId, turn.Call, sensitive.RevealAll(turn.Call.Variables)), cancellationToken);
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
            variables[name] = turn.Flow.IsSensitive(name) ? sensitive.Protect(value) : value;
        }

        return (result.Result, turn.Call with { Variables = variables });
    }

    /// <summary>The call's flow is over: hang up, and the call stands at no step.</summary>
    public static EventOutcome End(CallRecord call) =>
        new(TelesignAction.Hangup(), call with { Step = null, Attempts = 0 });

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Call flow {Flow}, step {Step} cannot run: {Reason}")]
        public static partial void StepFailed(ILogger logger, string flow, string step, string reason);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Call flow {Flow}, code step {Step} threw")]
        public static partial void CodeStepThrew(ILogger logger, Exception exception, string flow, string step);
    }
}

/// <summary>One event's pass through a flow: the event, the flow (in the version the call started on), the call as it now stands.</summary>
/// <param name="Failing">The turn is already at the flow's on_error step: a second failure ends the call.</param>
public sealed record FlowTurn(WebhookEventContext Context, FlowDefinition Flow, CallRecord Call, bool Failing = false);

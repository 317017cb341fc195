using System.Text.Json;
using TelesignVoice.Flows;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;

namespace TelesignVoice.OperatorConsole;

/// <summary>Where one event found the call and where its answer took it.</summary>
/// <param name="StepBefore">The step whose prompt the event answered (null before the flow started).</param>
/// <param name="StepAfter">The step whose action answered the event (null when the answer ended the call).</param>
public readonly record struct EventSteps(string? StepBefore, string? StepAfter);

/// <summary>
/// Finds the flow step of every stored event by walking the flow as the engine does: the digits in each
/// event pick the route, and the stored action decides where only the code can (a code step's result, a
/// step that failed to its on_error). Events store no step, so this is read from the flow as loaded now.
/// </summary>
public static class CallPathTracer
{
    private const int MaxHops = 16;

    public static IReadOnlyList<EventSteps> Trace(FlowDefinition? flow, IReadOnlyList<EventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var result = new List<EventSteps>(events.Count);
        string? step = null;
        var attempts = 0;
        foreach (var evt in events)
        {
            var before = step;
            var method = evt.ActionMethod ?? MethodOf(evt.ActionJson);
            var after = flow is null ? null : Next(flow, evt, step, ref attempts, method);
            result.Add(new EventSteps(before, after));
            step = method == TelesignMethods.Hangup ? null : after;
        }

        return result;
    }

    private static string? Next(FlowDefinition flow, EventRecord evt, string? step, ref int attempts, string? method)
    {
        var current = step is not null && flow.Steps.TryGetValue(step, out var found) ? found : null;
        switch (evt.EventName)
        {
            case TelesignEventNames.IncomingCall:
            case TelesignEventNames.DialCompleted when current is null:
                attempts = 1;
                return Enter(flow, flow.Start, method);
            case TelesignEventNames.SpeakCompleted or TelesignEventNames.PlayCompleted when current is not null:
                return Prompted(flow, step!, current, CollectedDigits(evt.Body), ref attempts, method);
            case TelesignEventNames.CallLegCompleted or TelesignEventNames.DialCompleted when current?.Transfer is { } transfer:
                attempts = 1;
                return transfer.After == FlowTargets.Hangup ? null : Enter(flow, transfer.After, method);
            default:
                return null;
        }
    }

    private static string? Prompted(FlowDefinition flow, string stepId, FlowStep step, string digits, ref int attempts, string? method)
    {
        if (step.Ask is not { } ask)
        {
            return step switch
            {
                { Transfer: not null } => stepId,
                { Hangup: true } => null,
                _ => EnterFresh(flow, step.Next ?? FlowTargets.Hangup, ref attempts, method),
            };
        }

        if (ask.EndKeys is not null)
        {
            digits = digits.TrimEnd(ask.EndKeys.ToCharArray());
        }

        if (ask.Choices.TryGetValue(digits, out var target) && FlowPrompts.Accepts(ask, digits))
        {
            return EnterFresh(flow, target, ref attempts, method);
        }

        // A secret entry is stored masked, with whether the ask accepted it (EventRedaction).
        if (ask.SaveAs is not null && (digits == SensitiveValues.Mask || (digits != EventRedaction.RefusedMask && FlowPrompts.Accepts(ask, digits))))
        {
            return EnterFresh(flow, step.Next!, ref attempts, method);
        }

        // No input, a repeat or a wrong entry: asked again until the attempts run out.
        attempts = Math.Max(attempts, 1);
        if (attempts >= ask.Attempts)
        {
            return EnterFresh(flow, ask.GiveUp, ref attempts, method);
        }

        attempts++;
        return stepId;
    }

    private static string? EnterFresh(FlowDefinition flow, string target, ref int attempts, string? method)
    {
        attempts = 1;
        return Enter(flow, target, method);
    }

    /// <summary>The first step that answers when the call goes to <paramref name="target"/>; code steps resolved by the action given.</summary>
    private static string? Enter(FlowDefinition flow, string target, string? method)
    {
        var entered = Resolve(flow, target, method, 0);
        if (entered is not null && flow.Steps.TryGetValue(entered, out var step) && MethodOf(step) != method
            && flow.OnError is { } onError && flow.Steps.TryGetValue(onError, out var errorStep) && MethodOf(errorStep) == method)
        {
            return onError;
        }

        return entered;
    }

    private static string? Resolve(FlowDefinition flow, string target, string? method, int hops)
    {
        if (target == FlowTargets.Hangup || hops > MaxHops || !flow.Steps.TryGetValue(target, out var step))
        {
            return null;
        }

        if (step.SendDigits is not null || step.Notify is not null)
        {
            // Its keys left with the dial, or its notification with the event: the call goes on at its next step.
            return Resolve(flow, step.Next ?? FlowTargets.Hangup, method, hops + 1);
        }

        if (step.Code is null)
        {
            return target;
        }

        var candidates = step.Results.Values.Select(next => Resolve(flow, next, method, hops + 1)).ToList();
        return candidates.FirstOrDefault(id => id is not null && MethodOf(flow.Steps[id]) == method)
            ?? candidates.FirstOrDefault(id => id is not null);
    }

    /// <summary>The method of the action that entering <paramref name="step"/> answers with (FlowPrompts' rules).</summary>
    public static string MethodOf(FlowStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step switch
        {
            { Transfer: not null } when step.Message.IsEmpty => TelesignMethods.Dial,
            { Say: not null } => TelesignMethods.Speak,
            { Play.Count: 1 } => TelesignMethods.Play,
            { Play.Count: > 1 } => TelesignMethods.PlayMultiple,
            _ => TelesignMethods.Hangup,
        };
    }

    public static string? MethodOf(string actionJson) =>
        StoredJsonField(actionJson, static root => root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null);

    public static string CollectedDigits(string eventBody) =>
        StoredJsonField(eventBody, static root =>
            root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("collected_digits", out var digits) && digits.ValueKind == JsonValueKind.String
                ? digits.GetString()
                : null) ?? string.Empty;

    private static string? StoredJsonField(string json, Func<JsonElement, string?> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

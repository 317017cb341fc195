namespace TelesignVoice.Flows;

/// <summary>
/// Rules about a flow as a whole: every step must have a way out to a hangup or a transfer, steps no
/// call can reach are reported, and steps reached straight from the first event answer only with
/// actions Telesign accepts there.
/// </summary>
public static class FlowGraph
{
    /// <summary>The steps (or "hangup") a step can lead to.</summary>
    public static IEnumerable<string> Targets(FlowStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Next is not null)
        {
            yield return step.Next;
        }

        if (step.Ask is { } ask)
        {
            foreach (var target in ask.Choices.Values)
            {
                yield return target;
            }

            yield return ask.GiveUp;
        }

        if (step.Transfer is { } transfer)
        {
            yield return transfer.After;
        }

        foreach (var target in step.Results.Values)
        {
            yield return target;
        }
    }

    public static void Validate(FlowDefinition flow, List<FlowProblem> errors, List<FlowProblem> warnings)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        CheckWayOut(flow, errors);

        foreach (var id in Unreachable(flow))
        {
            warnings.Add(new FlowProblem(flow.Source, id, null, "unreachable: no call can get to this step"));
        }

        // Code and notify steps run within the same event, and a send_digits start step left with the dial, so these
        // are the steps that answer the call's first event (dial_completed for outbound calls) or whatever
        // event failed.
        var firstOrError = Reach(flow, [flow.Start, .. flow.OnError is null ? [] : new[] { flow.OnError }],
            step => step.RunsInPlace || step.SendDigits is not null);
        var ledTo = flow.Steps.Values.SelectMany(Targets).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, step) in flow.Steps)
        {
            if (step.Transfer is not null && step.Message.IsEmpty && firstOrError.Contains(id))
            {
                errors.Add(new FlowProblem(flow.Source, id, "transfer",
                    "a transfer that starts a flow (or is its on_error step) needs a say or play first: Telesign does not accept dial as the answer to dial_completed of an outbound call"));
            }

            if (step.SendDigits is not null && (id != flow.Start || ledTo.Contains(id) || id == flow.OnError))
            {
                errors.Add(new FlowProblem(flow.Source, id, "send_digits",
                    "send_digits only works as the first step of an outbound call (the flow's start, which no step leads back to): its keys go out with the dial, once the callee answers"));
            }
        }
    }

    /// <summary>Steps no call can get to, from the start or the on_error step.</summary>
    public static IReadOnlyList<string> Unreachable(FlowDefinition flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var reachable = Reach(flow, [flow.Start, .. flow.OnError is null ? [] : new[] { flow.OnError }], _ => true);
        return [.. flow.Steps.Keys.Where(id => !reachable.Contains(id))];
    }

    private static void CheckWayOut(FlowDefinition flow, List<FlowProblem> errors)
    {
        var canLeave = new HashSet<string>(StringComparer.Ordinal) { FlowTargets.Hangup };
        foreach (var (id, step) in flow.Steps.Where(s => s.Value.Hangup || s.Value.Transfer is not null))
        {
            canLeave.Add(id);
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var (id, step) in flow.Steps)
            {
                if (!canLeave.Contains(id) && Targets(step).Any(canLeave.Contains))
                {
                    changed |= canLeave.Add(id);
                }
            }
        }
        while (changed);

        var stuck = flow.Steps.Where(s => !canLeave.Contains(s.Key) && Targets(s.Value).Any()).Select(s => s.Key).ToList();
        if (stuck.Count == 0)
        {
            return;
        }

        var loop = new List<string> { stuck[0] };
        while (Targets(flow.Steps[loop[^1]]).FirstOrDefault(flow.Steps.ContainsKey) is { } next && !loop.Contains(next))
        {
            loop.Add(next);
        }

        if (Targets(flow.Steps[loop[^1]]).FirstOrDefault(flow.Steps.ContainsKey) is { } back)
        {
            loop.Add(back);
        }

        errors.Add(new FlowProblem(flow.Source, stuck[0], null,
            $"no way out of the loop {string.Join(" → ", loop)}: none of the steps {string.Join(", ", stuck)} ever leads to hangup or a transfer"));
    }

    private static HashSet<string> Reach(FlowDefinition flow, IEnumerable<string> from, Func<FlowStep, bool> follow)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(from.Where(flow.Steps.ContainsKey));
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id) || !follow(flow.Steps[id]))
            {
                continue;
            }

            foreach (var target in Targets(flow.Steps[id]).Where(flow.Steps.ContainsKey))
            {
                queue.Enqueue(target);
            }
        }

        return seen;
    }
}

using System.Text.RegularExpressions;

namespace TelesignVoice.Flows;

/// <summary>
/// The rules every flow must pass before the server starts: each step does one thing, names steps
/// that exist, says or plays something where a caller must hear something, and asks for digits a
/// phone keypad can type. <see cref="FlowGraph"/> adds the rules about the flow as a whole.
/// </summary>
public sealed partial class FlowValidator(IReadOnlySet<string> codeSteps, bool hasAudioBaseUrl)
{
    public void Validate(FlowDefinition flow, List<FlowProblem> errors, List<FlowProblem> warnings)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(errors);
        var check = new Checker(flow, errors);
        if (flow.Steps.Count == 0)
        {
            check.Error(null, "steps", "a flow needs at least one step");
            return;
        }

        if (flow.Language is { } language && string.IsNullOrWhiteSpace(language))
        {
            check.Error(null, "language", "must be a language code such as en-US");
        }

        FlowLanguages.Validate(flow, errors, warnings);
        check.Target(null, "start", flow.Start);
        if (flow.OnError is not null)
        {
            check.Target(null, "on_error", flow.OnError);
        }

        foreach (var (id, step) in flow.Steps)
        {
            ValidateStep(check, id, step);
        }

        FlowGraph.Validate(flow, errors, warnings);
    }

    private void ValidateStep(Checker check, string id, FlowStep step)
    {
        if (id == FlowTargets.Hangup)
        {
            check.Error(id, null, "\"hangup\" is reserved (it ends the call); give this step another name");
        }

        var kinds = new[] { ("ask", step.Ask is not null), ("transfer", step.Transfer is not null),
            ("send_digits", step.SendDigits is not null), ("hangup", step.Hangup), ("code", step.Code is not null), ("notify", step.Notify is not null) }
            .Where(k => k.Item2).Select(k => k.Item1).ToList();
        if (kinds.Count > 1)
        {
            check.Error(id, null, $"a step does one thing, but this one has {string.Join(" and ", kinds)}; split it into steps");
            return;
        }

        if (step.Notify is { } notify)
        {
            ValidateNotify(check, id, step, notify);
        }

        ValidateMessage(check, id, null, step.Message, required: step.Ask is not null || kinds.Count == 0);
        if (step.SendDigits is not null && !step.Message.IsEmpty)
        {
            check.Error(id, step.Say is not null ? "say" : "play", "a send_digits step plays nothing (its keys go out with the dial); put the message in its next step");
        }

        if (step.Language is { } language && string.IsNullOrWhiteSpace(language))
        {
            check.Error(id, "language", "must be a language code such as en-US");
        }

        var needsNext = kinds.Count == 0 || step.SendDigits is not null || step.Ask?.SaveAs is not null || step.Notify is not null;
        if (needsNext && step.Next is null)
        {
            check.Error(id, "next", "missing: the step to go to afterwards (or \"hangup\")");
        }
        else if (step.Next is not null)
        {
            if (!needsNext)
            {
                check.Error(id, "next", $"not used by a {kinds[0]} step{(step.Ask is not null ? " without save_as" : "")}; remove it");
            }

            check.Target(id, "next", step.Next);
        }

        if (step.Ask is { } ask)
        {
            ValidateAsk(check, id, ask);
        }

        if (step.Transfer is { } transfer)
        {
            if (string.IsNullOrWhiteSpace(transfer.To))
            {
                check.Error(id, "transfer.to", "missing: the number to transfer to");
            }

            CheckDtmf(check, id, "transfer.send_digits", transfer.SendDigits);
            check.Target(id, "transfer.after", transfer.After);
        }

        CheckDtmf(check, id, "send_digits", step.SendDigits);
        if (step.Code is not null)
        {
            if (!codeSteps.Contains(step.Code))
            {
                check.Error(id, "code", $"no code step named '{step.Code}' is registered (services.AddFlowStep<T>(\"{step.Code}\"))");
            }

            if (step.Results.Count == 0)
            {
                check.Error(id, "results", "missing: the step to go to for each result of the code step");
            }

            foreach (var (result, target) in step.Results)
            {
                check.Target(id, $"results.{result}", target);
            }
        }
        else if (step.Results.Count > 0 || step.Sets.Count > 0)
        {
            check.Error(id, step.Results.Count > 0 ? "results" : "sets", "only a code step has results and sets");
        }
    }

    private void ValidateMessage(Checker check, string id, string? parent, FlowMessage? message, bool required)
    {
        var prefix = parent is null ? string.Empty : parent + ".";
        if (message is null || message.IsEmpty)
        {
            if (required || (message is not null && parent is not null))
            {
                check.Error(id, parent ?? "say", "missing text or URL: give say (text to speak) or play (audio URL)");
            }

            return;
        }

        if (message.Say is not null && message.Play is not null)
        {
            check.Error(id, prefix + "play", "say or play, not both");
        }

        if (message.Say is { } say && string.IsNullOrWhiteSpace(say))
        {
            check.Error(id, prefix + "say", "missing text: the text to speak is empty");
        }

        if (check.LanguageProblem(message) is { } languageProblem)
        {
            check.Error(id, prefix + "say", languageProblem);
        }

        foreach (var url in message.Play ?? [])
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                check.Error(id, prefix + "play", "missing URL: an audio URL is empty");
            }
            else if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is not ("http" or "https"))
            {
                check.Error(id, prefix + "play", $"'{url}' must be an http or https URL");
            }
            else if (!Uri.IsWellFormedUriString(url, UriKind.Absolute) && !url.StartsWith('{') && !hasAudioBaseUrl)
            {
                check.Error(id, prefix + "play", $"'{url}' is relative: set Flows:AudioBaseUrl to the public URL it resolves against");
            }
        }
    }

    private static void CheckDtmf(Checker check, string id, string field, string? digits)
    {
        if (digits is not null && (digits.Length == 0 || digits.Any(c => !"0123456789ABCD*#w".Contains(c, StringComparison.Ordinal))))
        {
            check.Error(id, field, $"'{digits}' must be DTMF digits (0-9, A-D, *, #; w pauses half a second)");
        }
    }

    private sealed class Checker(FlowDefinition flow, List<FlowProblem> errors)
    {
        public void Error(string? step, string? field, string message) => errors.Add(new FlowProblem(flow.Source, step, field, message));

        public string? LanguageProblem(FlowMessage message) => FlowLanguages.Problem(flow, message);

        public void Target(string? step, string field, string target)
        {
            if (target != FlowTargets.Hangup && !flow.Steps.ContainsKey(target))
            {
                Error(step, field, string.IsNullOrEmpty(target)
                    ? "missing: name a step (or \"hangup\")"
                    : $"unknown step '{target}' (steps: {string.Join(", ", flow.Steps.Keys)}, or \"hangup\")");
            }
        }
    }

    // The rules of ask: keys a keypad can type, settings that agree with each other.
    private const string Keypad = "0123456789*#";

    private void ValidateAsk(Checker check, string id, FlowAsk ask)
    {
        if (ask.MaxDigits is < 1 or > 64)
        {
            check.Error(id, "ask.max_digits", "must be between 1 and 64");
        }

        if (ask.MinDigits < 1 || ask.MinDigits > ask.MaxDigits)
        {
            check.Error(id, "ask.min_digits", $"must be between 1 and max_digits ({ask.MaxDigits}), but is {ask.MinDigits}");
        }

        if (ask.Attempts is < 1 or > 10)
        {
            check.Error(id, "ask.attempts", "must be between 1 and 10");
        }

        CheckSeconds(check, id, "ask.timeout_seconds", ask.TimeoutSeconds);
        CheckSeconds(check, id, "ask.between_digits_seconds", ask.BetweenDigitsSeconds);
        CheckKeys(check, id, "ask.end_keys", ask.EndKeys);
        CheckKeys(check, id, "ask.allowed_digits", ask.AllowedDigits);
        if (ask.EndKeys is not null && ask.AllowedDigits?.FirstOrDefault(c => ask.EndKeys.Contains(c, StringComparison.Ordinal)) is { } both and not '\0')
        {
            check.Error(id, "ask.allowed_digits", $"'{both}' is also an end key: it ends the entry and can never be part of it");
        }

        if (ask.Pattern is not null && !IsRegex(ask.Pattern))
        {
            check.Error(id, "ask.pattern", $"'{ask.Pattern}' is not a valid regular expression");
        }

        if (ask.Choices.Count == 0 && ask.SaveAs is null)
        {
            check.Error(id, "ask", "needs choices (key → step) or save_as (a variable for the entry), or both");
        }

        var keys = ask.Choices.Keys.Select(k => ("choices", k)).ToList();
        if (ask.RepeatKey is not null)
        {
            keys.Add(("repeat_key", ask.RepeatKey));
            if (ask.Choices.ContainsKey(ask.RepeatKey))
            {
                check.Error(id, "ask.repeat_key", $"'{ask.RepeatKey}' is also a choice; a key can do one thing");
            }
        }

        foreach (var (field, key) in keys)
        {
            if (key.Length == 0 || key.Any(c => !Keypad.Contains(c, StringComparison.Ordinal)))
            {
                check.Error(id, $"ask.{field}", $"key '{key}' cannot be typed on a phone keypad (use 0-9, * and #)");
            }
            else if (key.Length > ask.MaxDigits)
            {
                check.Error(id, $"ask.{field}", $"key '{key}' is longer than max_digits ({ask.MaxDigits})");
            }
            else if (ask.EndKeys is not null && key.Any(c => ask.EndKeys.Contains(c, StringComparison.Ordinal)))
            {
                check.Error(id, $"ask.{field}", $"key '{key}' uses an end key ({ask.EndKeys}), which ends the entry and can never be chosen");
            }
        }

        foreach (var (key, target) in ask.Choices)
        {
            check.Target(id, $"ask.choices.{key}", target);
        }

        check.Target(id, "ask.give_up", ask.GiveUp);
        if (ask.SaveAs is not null && !FlowTemplate.VariablesIn($"{{{ask.SaveAs}}}").Any())
        {
            check.Error(id, "ask.save_as", $"'{ask.SaveAs}' is not a variable name (letters, digits and _)");
        }

        ValidateMessage(check, id, "ask.no_input", ask.NoInput, required: false);
        ValidateMessage(check, id, "ask.invalid_input", ask.InvalidInput, required: false);
    }

    private static void CheckSeconds(Checker check, string id, string field, double? seconds)
    {
        if (seconds is <= 0 or > 600)
        {
            check.Error(id, field, "must be more than 0 and at most 600 seconds");
        }
    }

    private static void CheckKeys(Checker check, string id, string field, string? keys)
    {
        if (keys is not null && (keys.Length == 0 || keys.Any(c => !Keypad.Contains(c, StringComparison.Ordinal))))
        {
            check.Error(id, field, $"'{keys}' must be keys of a phone keypad (0-9, * and #)");
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            // The same options the engine matches with: linear time whatever a caller types, and a
            // pattern the non-backtracking engine cannot run (backreferences, lookarounds) is refused here.
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    // A notify step sends a flow.result and goes on at once: values, a next step, nothing to say.
    private const int MaxNotifyValues = 50;

    private static void ValidateNotify(Checker check, string id, FlowStep step, IReadOnlyDictionary<string, string> notify)
    {
        if (notify.Count == 0)
        {
            check.Error(id, "notify", "has no values: name at least one, e.g. { \"confirmed\": \"yes\" }");
        }
        else if (notify.Count > MaxNotifyValues)
        {
            check.Error(id, "notify", $"has {notify.Count} values; at most {MaxNotifyValues}");
        }

        foreach (var name in notify.Keys.Where(name => !ValueName().IsMatch(name)))
        {
            check.Error(id, $"notify.{name}", "names are 1 to 64 letters, digits or '_', starting with a letter or '_'");
        }

        if (!step.Message.IsEmpty)
        {
            check.Error(id, step.Say is not null ? "say" : "play", "a notify step says nothing (it runs between two steps); put the message in the next step");
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex ValueName();
}

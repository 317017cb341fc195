using System.Text.RegularExpressions;

namespace TelesignVoice.Flows;

/// <summary>The rules of <c>ask</c>: keys a keypad can type, settings that agree with each other.</summary>
public sealed partial class FlowValidator
{
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
}

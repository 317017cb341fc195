namespace TelesignVoice.Simulator;

/// <summary>Checks of the control API's input; each message names the field and what it should hold.</summary>
public static class SimulatorRequestRules
{
    public static Dictionary<string, string[]> Numbers(params (string Name, string? Value)[] numbers)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in numbers)
        {
            if (value is not { Length: >= 8 and <= 15 } || !value.All(char.IsAsciiDigit))
            {
                errors[name] = [$"{name} must be a phone number of 8 to 15 digits with country code, no '+' (e.g. 15555551212)."];
            }
        }

        return errors;
    }

    /// <summary>
    /// A null list or entry is refused rather than read as "none": a script that says nothing on purpose
    /// leaves the field out, and null usually means a client built the list wrong.
    /// </summary>
    public static Dictionary<string, string[]> Script(CallerScript? script)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (script is null)
        {
            return errors;
        }

        if (script.Presses is null || script.Presses.Any(press => press is null))
        {
            errors["script.presses"] = ["script.presses must be a list of strings, one per prompt: digits (\"1\", \"1234#\"), \"\" for silence or \"hangup\"; leave it out for none, no null entries."];
        }

        if (script.DuplicateEvents is null || script.DuplicateEvents.Any(name => name is null))
        {
            errors["script.duplicate_events"] = ["script.duplicate_events must be a list of strings, event names such as \"dial_completed\"; leave it out for none, no null entries."];
        }

        return errors;
    }

    public static Dictionary<string, string[]> Faults(FaultSettings settings)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (settings.RateLimitedDials is < 0 or > 1000)
        {
            errors["rate_limited_dials"] = ["rate_limited_dials must be between 0 and 1000."];
        }

        if (settings.ServerErrorDials is < 0 or > 1000)
        {
            errors["server_error_dials"] = ["server_error_dials must be between 0 and 1000."];
        }

        if (settings.ServerErrorStatus is < 500 or > 599)
        {
            errors["server_error_status"] = ["server_error_status must be a 5xx status, e.g. 503."];
        }

        if (settings.DialDelayMilliseconds is < 0 or > 120_000)
        {
            errors["dial_delay_milliseconds"] = ["dial_delay_milliseconds must be between 0 and 120000."];
        }

        return errors;
    }
}

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
    public static Dictionary<string, string[]> Script(CallerScript? script, string field = "script")
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (script is null)
        {
            return errors;
        }

        if (script.Presses is null || script.Presses.Any(press => press is null))
        {
            errors[$"{field}.presses"] = [$"{field}.presses must be a list of strings, one per prompt: digits (\"1\", \"1234#\"), \"\" for silence or \"hangup\"; leave it out for none, no null entries."];
        }
        else if (script.Presses.FirstOrDefault(entry => !IsPress(entry)) is { } press)
        {
            errors[$"{field}.presses"] = [$"{field}.presses holds \"{press}\": each entry is keys a phone has (0-9, *, #, A-D), \"\" for silence or \"hangup\"."];
        }

        if (script.DialStatus is { } status && !IsName(status))
        {
            errors[$"{field}.dial_status"] = [$"{field}.dial_status must be a Telesign dial status such as \"busy\" or \"no_answer\": lowercase letters and '_'."];
        }

        if (script.DialResponse is { } response && !DialResponses.All.Contains(response, StringComparer.Ordinal))
        {
            errors[$"{field}.dial_response"] = [$"{field}.dial_response must be one of: {string.Join(", ", DialResponses.All)}."];
        }

        if (script.DuplicateEvents is null || script.DuplicateEvents.Any(name => name is null))
        {
            errors[$"{field}.duplicate_events"] = [$"{field}.duplicate_events must be a list of strings, event names such as \"dial_completed\"; leave it out for none, no null entries."];
        }
        else if (script.DuplicateEvents.FirstOrDefault(entry => !IsName(entry)) is { } name)
        {
            errors[$"{field}.duplicate_events"] = [$"{field}.duplicate_events holds \"{name}\": each entry is an event name such as \"dial_completed\" (lowercase letters and '_')."];
        }

        return errors;
    }

    /// <summary>The body of <c>PUT /simulator/numbers/{number}</c>: the number, then every script, each named by its place.</summary>
    public static Dictionary<string, string[]> NumberScripts(string number, NumberScriptRequest request)
    {
        var errors = Numbers(("number", number));
        if (request.Attempts is not { Count: >= 1 and <= MaxScriptsPerNumber } attempts)
        {
            errors["attempts"] = [$"attempts must be a list of 1 to {MaxScriptsPerNumber} caller scripts, one per dial in turn (the last repeats), e.g. [{{\"dial_status\":\"busy\"}},{{\"presses\":[\"1\"]}}]."];
            return errors;
        }

        for (var i = 0; i < attempts.Count; i++)
        {
            var field = $"attempts[{i}]";
            if (attempts[i] is not { } script)
            {
                errors[field] = [$"{field} must be a caller script object, not null; {{}} answers and stays silent."];
                continue;
            }

            foreach (var (name, messages) in Script(script, field))
            {
                errors[name] = messages;
            }
        }

        return errors;
    }

    public const int MaxScriptsPerNumber = 100;

    private static bool IsPress(string press) =>
        press == CallerScript.HangupPress || press.All(key => key is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D'));

    private static bool IsName(string name) => name.Length is >= 1 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or '_');

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

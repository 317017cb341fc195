using System.Text.Json;
using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// Judges the body our webhook answered with as Telesign would: one JSON object, a known method, only
/// that method's params with the documented types, and a method allowed for the event it answers
/// (<see cref="TelesignCallRules"/>). Stricter than Telesign is known to be, on purpose: a field we
/// invent or misspell should fail here, not on a live call.
/// </summary>
public static class ActionValidator
{
    public const string InvalidAction = "invalid_action";
    public const string UnsupportedCallState = "unsupported_call_state";

    private static readonly string[] EnvelopeFields = ["jsonrpc", "method", "params", "id"];

    private static readonly Dictionary<string, string[]> ParamsByMethod = new(StringComparer.Ordinal)
    {
        [TelesignMethods.Dial] = ["to", "caller_id_number", "max_call_duration", "send_dtmf", "external_id", "is_primary"],
        [TelesignMethods.Speak] = ["tts", "collect_digits"],
        [TelesignMethods.Play] = ["url", "collect_digits"],
        [TelesignMethods.PlayMultiple] = ["urls", "collect_digits"],
        [TelesignMethods.SendDtmf] = ["digits"],
        [TelesignMethods.Hangup] = [],
    };

    /// <summary>Checks an action answering <paramref name="eventName"/>; null as event name checks the body of POST /v2/voice.</summary>
    public static ActionVerdict Check(string body, string? eventName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return ActionVerdict.Invalid($"the answer is not JSON ({exception.Message})");
        }

        using (document)
        {
            var error = CheckEnvelope(document.RootElement);
            if (error is not null)
            {
                return ActionVerdict.Invalid(error);
            }

            var method = document.RootElement.GetProperty("method").GetString()!;
            error = CheckParams(method, document.RootElement.GetProperty("params"));
            if (error is not null)
            {
                return ActionVerdict.Invalid(error);
            }

            var action = document.RootElement.Deserialize(TelesignJsonContext.Default.TelesignAction)!;
            if (eventName is not null && !TelesignCallRules.IsAllowed(eventName, method))
            {
                return new ActionVerdict(action, UnsupportedCallState,
                    $"{method} may not answer {eventName} (allowed: {string.Join(", ", TelesignCallRules.AllowedMethods(eventName))})");
            }

            return new ActionVerdict(action, null, null);
        }
    }

    private static string? CheckEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"the answer must be one JSON object, not {Describe(root.ValueKind)}";
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!EnvelopeFields.Contains(property.Name, StringComparer.Ordinal))
            {
                return $"unknown field \"{property.Name}\" beside method and params";
            }
        }

        if (root.TryGetProperty("jsonrpc", out var version) && !(version.ValueKind == JsonValueKind.String && version.GetString() == "2.0"))
        {
            return "jsonrpc must be the string \"2.0\" when present";
        }

        if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            return "method is missing or not a string";
        }

        if (!ParamsByMethod.ContainsKey(method.GetString()!))
        {
            return $"unknown method \"{method.GetString()}\" (Telesign knows {string.Join(", ", TelesignMethods.All)})";
        }

        if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            return "params is missing or not an object (hangup takes {})";
        }

        return null;
    }

    private static string? CheckParams(string method, JsonElement parameters)
    {
        var allowed = ParamsByMethod[method];
        foreach (var property in parameters.EnumerateObject())
        {
            if (allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var owner = ParamsByMethod.FirstOrDefault(pair => pair.Value.Contains(property.Name, StringComparer.Ordinal)).Key;
            return owner is null
                ? $"unknown field params.{property.Name} in {method}"
                : $"params.{property.Name} belongs to {owner}, not {method}";
        }

        return method switch
        {
            TelesignMethods.Dial => ActionFieldRules.CheckDial(parameters),
            TelesignMethods.Speak => ActionFieldRules.CheckTts(parameters) ?? ActionFieldRules.CheckCollectDigits(parameters),
            TelesignMethods.Play => ActionFieldRules.CheckUrl(parameters) ?? ActionFieldRules.CheckCollectDigits(parameters),
            TelesignMethods.PlayMultiple => ActionFieldRules.CheckUrls(parameters) ?? ActionFieldRules.CheckCollectDigits(parameters),
            TelesignMethods.SendDtmf => ActionFieldRules.CheckDtmf(parameters, "digits", required: true),
            _ => null,
        };
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}

/// <summary>The typed action when the body was valid wire format; <see cref="Status"/> says why Telesign would refuse it.</summary>
public sealed record ActionVerdict(TelesignAction? Action, string? Status, string? Error)
{
    public bool IsValid => Status is null;

    public static ActionVerdict Invalid(string error) => new(null, ActionValidator.InvalidAction, error);
}

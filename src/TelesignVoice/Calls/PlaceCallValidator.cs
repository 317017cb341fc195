using System.Text.RegularExpressions;

namespace TelesignVoice.Calls;

/// <summary>A <see cref="PlaceCallRequest"/> that passed validation, numbers normalised and defaults applied.</summary>
public sealed record ValidCall(
    string To,
    string CallerIdNumber,
    string? Flow,
    string ExternalId,
    int? MaxCallDuration,
    string? SendDtmf,
    IReadOnlyDictionary<string, string> Variables);

/// <summary>Checks every field of POST /calls and names each bad one with what would be accepted.</summary>
public static partial class PlaceCallValidator
{
    public const int MaxCallDurationSeconds = 14400;
    private const int MaxVariables = 50;
    private const int MaxVariableValueLength = 1024;

    public static (ValidCall? Call, Dictionary<string, string[]> Errors) Validate(PlaceCallRequest request, string? defaultCallerId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var to = PhoneNumbers.Normalize(request.To);
        if (to is null)
        {
            errors["to"] = [string.IsNullOrWhiteSpace(request.To)
                ? "to is required: the number to call, with country code (e.g. 15555551212)."
                : NumberMessage("to")];
        }

        var callerId = PhoneNumbers.Normalize(request.CallerIdNumber ?? defaultCallerId);
        if (callerId is null)
        {
            errors["caller_id_number"] = [request.CallerIdNumber is null && string.IsNullOrWhiteSpace(defaultCallerId)
                ? "caller_id_number is required because Telesign:CallerIdNumber is not configured."
                : NumberMessage("caller_id_number")];
        }

        if (request.Flow is not null && !FlowName().IsMatch(request.Flow))
        {
            errors["flow"] = ["flow must be a flow name: 1 to 100 letters, digits, '_', '-' or '.', starting with a letter or digit."];
        }

        if (request.ExternalId is not null && !ExternalId().IsMatch(request.ExternalId))
        {
            errors["external_id"] = ["external_id must be 1 to 128 printable ASCII characters without spaces."];
        }

        if (request.MaxCallDuration is < 1 or > MaxCallDurationSeconds)
        {
            errors["max_call_duration"] = [$"max_call_duration must be between 1 and {MaxCallDurationSeconds} seconds."];
        }

        if (request.SendDtmf is not null && !Dtmf().IsMatch(request.SendDtmf))
        {
            errors["send_dtmf"] = ["send_dtmf may hold only 0-9, A-D, *, # and w (a half-second pause), at most 64 characters."];
        }

        var variables = ValidateVariables(request.Variables, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var call = new ValidCall(to!, callerId!, request.Flow, request.ExternalId ?? Guid.NewGuid().ToString(), request.MaxCallDuration, request.SendDtmf, variables);
        return (call, errors);
    }

    private static Dictionary<string, string> ValidateVariables(Dictionary<string, string?>? variables, Dictionary<string, string[]> errors)
    {
        var valid = new Dictionary<string, string>(StringComparer.Ordinal);
        if (variables is null)
        {
            return valid;
        }

        if (variables.Count > MaxVariables)
        {
            errors["variables"] = [$"variables may hold at most {MaxVariables} entries."];
            return valid;
        }

        foreach (var (name, value) in variables)
        {
            if (!VariableName().IsMatch(name))
            {
                errors[$"variables.{name}"] = ["Variable names are 1 to 64 letters, digits or '_', starting with a letter or '_'."];
            }
            else if (value is null || value.Length > MaxVariableValueLength)
            {
                errors[$"variables.{name}"] = [$"Variable values are strings of at most {MaxVariableValueLength} characters."];
            }
            else if (value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                // Nothing speaks a control character, and PostgreSQL cannot store U+0000 at all.
                errors[$"variables.{name}"] = ["Variable values may not hold control characters such as U+0000 (tab and line breaks are allowed)."];
            }
            else
            {
                valid[name] = value;
            }
        }

        return valid;
    }

    private static string NumberMessage(string field) =>
        $"{field} must be a phone number with country code: {PhoneNumbers.MinDigits} to {PhoneNumbers.MaxDigits} digits, "
        + "optionally with '+', spaces, dashes, dots or parentheses (e.g. +1 (555) 555-1212).";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")]
    private static partial Regex FlowName();

    [GeneratedRegex(@"^[\x21-\x7E]{1,128}$")]
    private static partial Regex ExternalId();

    [GeneratedRegex(@"^[0-9A-D*#w]{1,64}$")]
    private static partial Regex Dtmf();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex VariableName();
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Privacy;
using TelesignVoice.Telesign;

namespace TelesignVoice.Flows;

/// <summary>
/// Turns a step into the Telesign action that plays it: fills in variables, resolves relative audio
/// URLs, converts seconds to Telesign's milliseconds and picks the caller ID of a transfer.
/// </summary>
public sealed class FlowPrompts(IOptions<FlowOptions> flowOptions, IOptions<TelesignOptions> telesignOptions, SensitiveValues sensitive)
{
    private const string Keypad = "0123456789*#";

    /// <summary>The action, or null with <paramref name="problem"/> saying why the step cannot run (e.g. a missing variable).</summary>
    public TelesignAction? ActionFor(FlowDefinition flow, FlowStep step, CallRecord call, FlowMessage? message, bool transferNow, out string? problem) =>
        ActionFor(flow, step, call, message, transferNow, out problem, out _);

    /// <param name="readsSecret">Whether the action carries the clear value of a sensitive variable.</param>
    public TelesignAction? ActionFor(FlowDefinition flow, FlowStep step, CallRecord call, FlowMessage? message, bool transferNow, out string? problem, out bool readsSecret)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(call);
        var secret = false;
        var lookup = Lookup(call, () => secret = true);
        var action = Build(flow, step, call, message, transferNow, lookup, out problem);
        readsSecret = secret;
        return action;
    }

    private TelesignAction? Build(FlowDefinition flow, FlowStep step, CallRecord call, FlowMessage? message, bool transferNow, Func<string, string?> lookup, out string? problem)
    {
        problem = null;
        if (step.Transfer is { } transfer && (transferNow || step.Message.IsEmpty))
        {
            return Dial(transfer, call, lookup, out problem);
        }

        var heard = message is null || message.IsEmpty ? step.Message : message;
        if (heard.IsEmpty)
        {
            return TelesignAction.Hangup();
        }

        var collect = step.Ask is { } ask
            ? new CollectDigits(ask.MaxDigits, Milliseconds(ask.TimeoutSeconds), Milliseconds(ask.BetweenDigitsSeconds), ask.EndKeys)
            : null;
        if (heard.Say is { } say)
        {
            var language = FlowLanguages.Of(flow, step, call);
            var text = Render(heard.SayIn?.GetValueOrDefault(language ?? string.Empty) ?? say, lookup, forUrl: false, ref problem);
            return text is null ? null : TelesignAction.Speak(text, language, collect);
        }

        var urls = new List<string>();
        foreach (var url in heard.Play!)
        {
            if (Render(url, lookup, forUrl: true, ref problem) is not { } rendered || Resolve(rendered, ref problem) is not { } absolute)
            {
                return null;
            }

            urls.Add(absolute);
        }

        return urls.Count == 1 ? TelesignAction.Play(urls[0], collect) : TelesignAction.PlayMultiple(urls, collect);
    }

    /// <summary>The entry (end keys trimmed) moves the call on: one of the choices, or a valid entry to save.</summary>
    public static bool Accepts(FlowAsk ask, string entry)
    {
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Length > 0
            && entry != ask.RepeatKey
            && (ask.Choices.ContainsKey(entry) || (ask.SaveAs is not null && IsValidEntry(ask, entry)));
    }

    /// <summary>Our own checks on an entry, which Telesign's collect_digits cannot make.</summary>
    public static bool IsValidEntry(FlowAsk ask, string digits)
    {
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(digits);
        var allowed = ask.AllowedDigits ?? Keypad;
        return digits.Length >= ask.MinDigits
            && digits.Length <= ask.MaxDigits
            && digits.All(c => allowed.Contains(c, StringComparison.Ordinal))
            && (ask.Pattern is null || Regex.IsMatch(digits, $"^(?:{ask.Pattern})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
    }

    private TelesignAction? Dial(FlowTransfer transfer, CallRecord call, Func<string, string?> lookup, out string? problem)
    {
        problem = null;
        var to = Render(transfer.To, lookup, forUrl: false, ref problem);
        var callerId = transfer.CallerId is null
            ? telesignOptions.Value.CallerIdNumber ?? (call.Direction == TelesignDirections.Inbound ? call.To : call.From)
            : Render(transfer.CallerId, lookup, forUrl: false, ref problem);
        if (to is null || problem is not null)
        {
            return null;
        }

        if (string.IsNullOrEmpty(callerId))
        {
            problem = "no caller ID for the transfer: set transfer.caller_id or Telesign:CallerIdNumber";
            return null;
        }

        // A rendered number may come from a variable or from digits the caller typed: only a real phone
        // number is dialled. The messages leave the number out; they end up in logs.
        var toNumber = PhoneNumbers.Normalize(to);
        var callerIdNumber = PhoneNumbers.Normalize(callerId);
        if (toNumber is null || callerIdNumber is null)
        {
            problem = $"the transfer's {(toNumber is null ? "to" : "caller_id")} is not a phone number with country code ({PhoneNumbers.MinDigits}-{PhoneNumbers.MaxDigits} digits)";
            return null;
        }

        return TelesignAction.Dial(toNumber, callerIdNumber, sendDtmf: transfer.SendDigits);
    }

    private string? Resolve(string url, ref string? problem)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return url;
        }

        if (flowOptions.Value.AudioBaseUrl is not { } baseUrl)
        {
            problem = "an audio URL is relative and Flows:AudioBaseUrl is not set";
            return null;
        }

        return new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), url).AbsoluteUri;
    }

    private static string? Render(string template, Func<string, string?> lookup, bool forUrl, ref string? problem)
    {
        var rendered = FlowTemplate.Render(template, lookup, forUrl, out var missing);
        if (missing is not null)
        {
            problem ??= $"the variable '{missing}' has no value (give it in POST /calls variables, or save it with save_as before this step)";
        }

        return rendered;
    }

    /// <summary>Variables by name; an encrypted one is decrypted here, in memory, and reported to <paramref name="revealed"/>.</summary>
    private Func<string, string?> Lookup(CallRecord call, Action revealed) => name => name switch
    {
        "from" => call.From,
        "to" => call.To,
        "reference_id" => call.ReferenceId,
        _ => call.Variables.GetValueOrDefault(name) is not { } value ? null
            : SensitiveValues.IsProtected(value) ? Reveal(value, revealed)
            : value,
    };

    private string? Reveal(string value, Action revealed)
    {
        revealed();
        return sensitive.Reveal(value);
    }

    private static int? Milliseconds(double? seconds) =>
        seconds is { } value ? (int)Math.Round(value * 1000, MidpointRounding.AwayFromZero) : null;
}

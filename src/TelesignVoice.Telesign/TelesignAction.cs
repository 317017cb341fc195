using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelesignVoice.Telesign;

/// <summary>
/// A JSON-RPC shaped action: the answer to a webhook event, or the body of <c>POST /v2/voice</c>
/// (docs/telesign-protocol.md, Actions). Build one with the factory methods, which only set the fields each method
/// documents; absent optionals are omitted from the JSON, never written as null.
/// </summary>
public sealed record TelesignAction
{
    public string Jsonrpc { get; init; } = "2.0";

    public required string Method { get; init; }

    public ActionParams Params { get; init; } = new();

    public static TelesignAction Speak(string message, string? language = null, CollectDigits? collectDigits = null) =>
        new()
        {
            Method = TelesignMethods.Speak,
            Params = new ActionParams { Tts = new Tts(message, language), CollectDigits = collectDigits },
        };

    public static TelesignAction Play(string url, CollectDigits? collectDigits = null) =>
        new()
        {
            Method = TelesignMethods.Play,
            Params = new ActionParams { Url = url, CollectDigits = collectDigits },
        };

    public static TelesignAction PlayMultiple(IReadOnlyList<string> urls, CollectDigits? collectDigits = null) =>
        new()
        {
            Method = TelesignMethods.PlayMultiple,
            Params = new ActionParams { Urls = urls, CollectDigits = collectDigits },
        };

    public static TelesignAction Dial(
        string to,
        string callerIdNumber,
        string? externalId = null,
        int? maxCallDurationSeconds = null,
        string? sendDtmf = null) =>
        new()
        {
            Method = TelesignMethods.Dial,
            Params = new ActionParams
            {
                To = to,
                CallerIdNumber = callerIdNumber,
                ExternalId = externalId,
                MaxCallDuration = maxCallDurationSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                SendDtmf = sendDtmf,
            },
        };

    public static TelesignAction SendDtmf(string digits) =>
        new() { Method = TelesignMethods.SendDtmf, Params = new ActionParams { Digits = digits } };

    public static TelesignAction Hangup() => new() { Method = TelesignMethods.Hangup };
}

public static class TelesignMethods
{
    public const string Dial = "dial";
    public const string Speak = "speak";
    public const string Play = "play";
    public const string PlayMultiple = "play_multiple";
    public const string SendDtmf = "send_dtmf";
    public const string Hangup = "hangup";

    public static IReadOnlyList<string> All { get; } = [Dial, Speak, Play, PlayMultiple, SendDtmf, Hangup];
}

/// <summary>
/// The union of every action's parameters. Telesign's params are one flat object per method, so one
/// flat record serialises each exactly; the factories on <see cref="TelesignAction"/> keep each method
/// to its own fields.
/// </summary>
public sealed record ActionParams
{
    // dial
    public string? To { get; init; }

    public string? CallerIdNumber { get; init; }

    /// <summary>Seconds, as a string: Telesign documents this field as a string.</summary>
    public string? MaxCallDuration { get; init; }

    /// <summary>DTMF sent once the callee answers (<c>0-9 A-D * #</c>, <c>w</c> = 0.5 s pause).</summary>
    public string? SendDtmf { get; init; }

    public string? ExternalId { get; init; }

    public bool? IsPrimary { get; init; }

    // speak
    public Tts? Tts { get; init; }

    // play
    public string? Url { get; init; }

    /// <summary>play_multiple: the field name is not documented anywhere readable (docs/telesign-protocol.md, Actions); <c>urls</c> is our inference.</summary>
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>send_dtmf action: the field name is undocumented (docs/telesign-protocol.md, Actions); <c>digits</c> is our inference.</summary>
    public string? Digits { get; init; }

    public CollectDigits? CollectDigits { get; init; }

    /// <summary>Fields we do not model, kept when an action is read back (the simulator reports them as invalid).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

public sealed record Tts(string Message, string? Language = null);

/// <summary>
/// Digit collection while a prompt plays (the seed page): <c>max</c> digits, <c>timeout</c> ms for the
/// first digit, <c>inter_digit_timeout</c> ms between digits, <c>terminators</c> that end entry.
/// </summary>
public sealed record CollectDigits(int Max, int? Timeout = null, int? InterDigitTimeout = null, string? Terminators = null);

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
    /// <summary>The JSON-RPC version, <c>2.0</c>: optional for Telesign, always sent.</summary>
    public string Jsonrpc { get; init; } = "2.0";

    /// <summary>The action: one of <see cref="TelesignMethods"/>.</summary>
    public required string Method { get; init; }

    /// <summary>The method's parameters; <c>{}</c> when it has none.</summary>
    public ActionParams Params { get; init; } = new();

    /// <summary>Text to speech, optionally collecting digits (answered by <c>speak_completed</c>).</summary>
    public static TelesignAction Speak(string message, string? language = null, CollectDigits? collectDigits = null) =>
        new()
        {
            Method = TelesignMethods.Speak,
            Params = new ActionParams { Tts = new Tts(message, language), CollectDigits = collectDigits },
        };

    /// <summary>Plays the audio file at the absolute <paramref name="url"/>, optionally collecting digits (answered by <c>play_completed</c>).</summary>
    public static TelesignAction Play(string url, CollectDigits? collectDigits = null) =>
        new()
        {
            Method = TelesignMethods.Play,
            Params = new ActionParams { Url = url, CollectDigits = collectDigits },
        };

    /// <summary>Plays several audio files in turn.</summary>
    public static TelesignAction PlayMultiple(IReadOnlyList<string> urls, CollectDigits? collectDigits = null) =>
        new()
        {
            Method = TelesignMethods.PlayMultiple,
            Params = new ActionParams { Urls = urls, CollectDigits = collectDigits },
        };

    /// <summary>Places a call (as the body of <c>POST /v2/voice</c>) or transfers one (as an answer to an event).</summary>
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

    /// <summary>Sends DTMF tones into the call.</summary>
    public static TelesignAction SendDtmf(string digits) =>
        new() { Method = TelesignMethods.SendDtmf, Params = new ActionParams { Digits = digits } };

    /// <summary>Ends the call: the one action valid in every call state.</summary>
    public static TelesignAction Hangup() => new() { Method = TelesignMethods.Hangup };
}

/// <summary>The names of the actions.</summary>
public static class TelesignMethods
{
    /// <summary><c>dial</c>: place or transfer a call.</summary>
    public const string Dial = "dial";
    /// <summary><c>speak</c>: text to speech.</summary>
    public const string Speak = "speak";
    /// <summary><c>play</c>: one audio file.</summary>
    public const string Play = "play";
    /// <summary><c>play_multiple</c>: several audio files.</summary>
    public const string PlayMultiple = "play_multiple";
    /// <summary><c>send_dtmf</c>: DTMF tones.</summary>
    public const string SendDtmf = "send_dtmf";
    /// <summary><c>hangup</c>: end the call.</summary>
    public const string Hangup = "hangup";

    /// <summary>Every action name.</summary>
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
    /// <summary>dial: the number to call, digits with country code.</summary>
    public string? To { get; init; }

    /// <summary>dial: the caller ID shown, a number leased from Telesign (or the caller's, when transferring an inbound call).</summary>
    public string? CallerIdNumber { get; init; }

    /// <summary>Seconds, as a string: Telesign documents this field as a string.</summary>
    public string? MaxCallDuration { get; init; }

    /// <summary>DTMF sent once the callee answers (<c>0-9 A-D * #</c>, <c>w</c> = 0.5 s pause).</summary>
    public string? SendDtmf { get; init; }

    /// <summary>dial: your own id, echoed in Telesign's answer and in the call's events.</summary>
    public string? ExternalId { get; init; }

    /// <summary>dial: in Telesign's own example; its meaning is undocumented.</summary>
    public bool? IsPrimary { get; init; }

    // speak
    /// <summary>speak: the text and its language.</summary>
    public Tts? Tts { get; init; }

    // play
    /// <summary>play: the absolute URL of the audio file.</summary>
    public string? Url { get; init; }

    /// <summary>play_multiple: the field name is not documented anywhere readable (docs/telesign-protocol.md, Actions); <c>urls</c> is our inference.</summary>
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>send_dtmf action: the field name is undocumented (docs/telesign-protocol.md, Actions); <c>digits</c> is our inference.</summary>
    public string? Digits { get; init; }

    /// <summary>speak, play, play_multiple: collect DTMF digits while the prompt plays.</summary>
    public CollectDigits? CollectDigits { get; init; }

    /// <summary>Fields we do not model, kept when an action is read back (the simulator reports them as invalid).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>The text of a <c>speak</c>.</summary>
/// <param name="Message">What is said.</param>
/// <param name="Language">A language tag such as <c>en-US</c>; Telesign's default when null.</param>
public sealed record Tts(string Message, string? Language = null);

/// <summary>
/// Digit collection while a prompt plays (the seed page): <c>max</c> digits, <c>timeout</c> ms for the
/// first digit, <c>inter_digit_timeout</c> ms between digits, <c>terminators</c> that end entry.
/// </summary>
public sealed record CollectDigits(int Max, int? Timeout = null, int? InterDigitTimeout = null, string? Terminators = null);

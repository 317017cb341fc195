using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelesignVoice.Telesign;

/// <summary>
/// The envelope of every event Telesign POSTs to the webhook (docs/telesign-protocol.md, Events). Events are not
/// JSON-RPC. <see cref="Data"/> stays raw so that an unknown event, or a known one with fields we have
/// not seen yet, is kept whole; <see cref="DataAs{T}"/> reads the typed view.
/// </summary>
public sealed record TelesignEvent
{
    /// <summary>The event name: one of <see cref="TelesignEventNames"/>, or one not seen before.</summary>
    [JsonPropertyName("event")]
    public string? Event { get; init; }

    /// <summary>The call's id at Telesign; opaque (documented as 32 hex digits, shown as UUIDs).</summary>
    public string? ReferenceId { get; init; }

    /// <summary>The <c>external_id</c> of the dial that placed the call, when it had one.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The event's own fields, raw: read them with <see cref="DataAs{T}"/>.</summary>
    public JsonElement Data { get; init; }

    /// <summary>Top-level fields not modelled here, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }

    /// <summary><see cref="Data"/> as <typeparamref name="T"/> (e.g. <see cref="PromptCompletedData"/>); null when it is absent or not of that shape.</summary>
    public T? DataAs<T>()
        where T : class
    {
        if (Data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)TelesignJsonContext.Default.GetTypeInfo(typeof(T))!;
        try
        {
            return Data.Deserialize(typeInfo);
        }
        catch (JsonException)
        {
            // A data shape we cannot read (an object where text was expected) reads as "no data":
            // the call goes on with what the envelope says, and the raw body is kept in the event log.
            return null;
        }
    }
}

/// <summary>Event names Telesign is known to send (docs/telesign-protocol.md, Events).</summary>
public static class TelesignEventNames
{
    /// <summary>Someone called one of our numbers.</summary>
    public const string IncomingCall = "incoming_call";
    /// <summary>The callee of a dial answered, or the dial failed (see its <c>status</c>).</summary>
    public const string DialCompleted = "dial_completed";
    /// <summary>A <c>speak</c> ended, with the digits collected.</summary>
    public const string SpeakCompleted = "speak_completed";
    /// <summary>A <c>play</c> ended, with the digits collected.</summary>
    public const string PlayCompleted = "play_completed";
    /// <summary>One leg of a transferred call ended while the other goes on.</summary>
    public const string CallLegCompleted = "call_leg_completed";
    /// <summary>The call ended: the end-of-call record.</summary>
    public const string CallCompleted = "call_completed";

    /// <summary>Every known event name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [IncomingCall, DialCompleted, SpeakCompleted, PlayCompleted, CallLegCompleted, CallCompleted];

    /// <summary>True for a name in <see cref="All"/>.</summary>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name);
}

/// <summary>Status values seen on the wire; failure values are undocumented, so anything else is "not answered".</summary>
public static class TelesignStatuses
{
    /// <summary><c>dial_completed</c>: the callee answered.</summary>
    public const string Answered = "answered";
    /// <summary><c>speak_completed</c>: the prompt was spoken.</summary>
    public const string SpeakSuccessful = "speak_successful";
    /// <summary><c>call_completed</c>: the call ended by a hang-up.</summary>
    public const string Hangup = "hangup";
}

/// <summary>Data of <c>incoming_call</c>.</summary>
public sealed record IncomingCallData
{
    /// <summary>Our number that was called.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    /// <summary>The caller's number.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    /// <summary>Fields not modelled here, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>Data of <c>dial_completed</c>.</summary>
public sealed record DialCompletedData
{
    /// <summary>The number dialled.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    /// <summary>The caller ID used.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    /// <summary><c>answered</c>, or a failure value (undocumented).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    /// <summary>Fields not modelled here, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>Data of <c>speak_completed</c> and <c>play_completed</c>: both report the digits collected.</summary>
public sealed record PromptCompletedData
{
    /// <summary><c>speak_successful</c> seen; others undocumented.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    /// <summary>The digits pressed, in order; empty or absent when none.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CollectedDigits { get; init; }

    /// <summary>Fields not modelled here, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>Data of <c>call_leg_completed</c> (its fields are undocumented).</summary>
public sealed record CallLegCompletedData
{
    /// <summary>The leg's duration in seconds, as sent (a number or a numeric string).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? Duration { get; init; }

    /// <summary>The number of the leg that ended, when sent.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    /// <summary>The other party, when sent.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    /// <summary>How the leg ended, when sent.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    /// <summary>Fields not modelled here, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>The end-of-call record. Times arrive as ISO-8601 without an offset (UTC by name), kept as sent.</summary>
public sealed record CallCompletedData
{
    /// <summary>Length of the call in seconds.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? Duration { get; init; }

    /// <summary>When the call was created (UTC, e.g. <c>2019-03-15T06:48:22.151</c>).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CreatedOnUtc { get; init; }

    /// <summary>When it was answered (UTC).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AnsweredOnUtc { get; init; }

    /// <summary>When it ended (UTC).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? EndedOnUtc { get; init; }

    /// <summary>How it ended: <c>hangup</c> seen.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    /// <summary>The recording's file name; null when not recorded.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AudioRecordingFileName { get; init; }

    /// <summary>The callee's number.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    /// <summary>The caller's number.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    /// <summary><c>outbound</c> or <c>inbound</c> (see <see cref="TelesignDirections"/>).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Direction { get; init; }

    /// <summary>Fields not modelled here, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>The <c>direction</c> of the end-of-call record in <c>call_completed</c>.</summary>
public static class TelesignDirections
{
    /// <summary>A call we placed with <c>POST /v2/voice</c>.</summary>
    public const string Outbound = "outbound";

    /// <summary>A call to one of our numbers (<c>incoming_call</c>).</summary>
    public const string Inbound = "inbound";
}

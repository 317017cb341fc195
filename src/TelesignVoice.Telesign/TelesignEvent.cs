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
    [JsonPropertyName("event")]
    public string? Event { get; init; }

    public string? ReferenceId { get; init; }

    public string? ExternalId { get; init; }

    public JsonElement Data { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }

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
    public const string IncomingCall = "incoming_call";
    public const string DialCompleted = "dial_completed";
    public const string SpeakCompleted = "speak_completed";
    public const string PlayCompleted = "play_completed";
    public const string CallLegCompleted = "call_leg_completed";
    public const string CallCompleted = "call_completed";

    public static IReadOnlyList<string> All { get; } =
        [IncomingCall, DialCompleted, SpeakCompleted, PlayCompleted, CallLegCompleted, CallCompleted];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name);
}

/// <summary>Status values seen on the wire; failure values are undocumented, so anything else is "not answered".</summary>
public static class TelesignStatuses
{
    public const string Answered = "answered";
    public const string SpeakSuccessful = "speak_successful";
    public const string Hangup = "hangup";
}

public sealed record IncomingCallData
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

public sealed record DialCompletedData
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>Data of <c>speak_completed</c> and <c>play_completed</c>: both report the digits collected.</summary>
public sealed record PromptCompletedData
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? CollectedDigits { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

public sealed record CallLegCompletedData
{
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? Duration { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>The end-of-call record. Times arrive as ISO-8601 without an offset (UTC by name), kept as sent.</summary>
public sealed record CallCompletedData
{
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? Duration { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? CreatedOnUtc { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? AnsweredOnUtc { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? EndedOnUtc { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? AudioRecordingFileName { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Direction { get; init; }

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

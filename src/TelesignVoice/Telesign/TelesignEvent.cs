using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelesignVoice.Telesign;

/// <summary>
/// The envelope of every event Telesign POSTs to the webhook (REFERENCE.md §3.1). Events are not
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

        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)TelesignVoiceJsonContext.Default.GetTypeInfo(typeof(T))!;
        return Data.Deserialize(typeInfo);
    }
}

/// <summary>Event names Telesign is known to send (REFERENCE.md §3.2).</summary>
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
    public string? To { get; init; }

    public string? From { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

public sealed record DialCompletedData
{
    public string? To { get; init; }

    public string? From { get; init; }

    public string? Status { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>Data of <c>speak_completed</c> and <c>play_completed</c>: both report the digits collected.</summary>
public sealed record PromptCompletedData
{
    public string? Status { get; init; }

    public string? CollectedDigits { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

public sealed record CallLegCompletedData
{
    public string? To { get; init; }

    public string? From { get; init; }

    public string? Status { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>The end-of-call record. Times arrive as ISO-8601 without an offset (UTC by name), kept as sent.</summary>
public sealed record CallCompletedData
{
    public int? Duration { get; init; }

    public string? CreatedOnUtc { get; init; }

    public string? AnsweredOnUtc { get; init; }

    public string? EndedOnUtc { get; init; }

    public string? Status { get; init; }

    public string? AudioRecordingFileName { get; init; }

    public string? To { get; init; }

    public string? From { get; init; }

    public string? Direction { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

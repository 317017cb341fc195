using System.Text.Json;
using TelesignVoice.Calls;

namespace TelesignVoice.Storage;

/// <summary>The call record's JSON columns, written and read with the app's one JSON context.</summary>
public static class StoredJson
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>(StringComparer.Ordinal);

    public static string Variables(IReadOnlyDictionary<string, string> variables) =>
        JsonSerializer.Serialize(variables, TelesignVoiceJsonContext.Default.IReadOnlyDictionaryStringString);

    public static IReadOnlyDictionary<string, string> Variables(string json) =>
        JsonSerializer.Deserialize(json, TelesignVoiceJsonContext.Default.DictionaryStringString) is { Count: > 0 } variables
            ? new Dictionary<string, string>(variables, StringComparer.Ordinal)
            : NoVariables;

    public static string Digits(IReadOnlyList<CollectedDigits> digits) =>
        JsonSerializer.Serialize(digits, TelesignVoiceJsonContext.Default.IReadOnlyListCollectedDigits);

    public static IReadOnlyList<CollectedDigits> Digits(string json) =>
        JsonSerializer.Deserialize(json, TelesignVoiceJsonContext.Default.IReadOnlyListCollectedDigits) ?? [];

    public static string? Legs(IReadOnlyList<CallLeg> legs) =>
        legs.Count == 0 ? null : JsonSerializer.Serialize(legs, TelesignVoiceJsonContext.Default.IReadOnlyListCallLeg);

    public static IReadOnlyList<CallLeg> Legs(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, TelesignVoiceJsonContext.Default.IReadOnlyListCallLeg) ?? [];

    public static string? EndOfCall(EndOfCall? endOfCall) =>
        endOfCall is null ? null : JsonSerializer.Serialize(endOfCall, TelesignVoiceJsonContext.Default.EndOfCall);

    public static EndOfCall? EndOfCall(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, TelesignVoiceJsonContext.Default.EndOfCall);
}

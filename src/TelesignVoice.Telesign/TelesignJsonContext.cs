using System.Text.Json.Serialization;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Telesign;

/// <summary>
/// The source-generated JSON context of Telesign's wire: snake_case, absent optionals omitted. Insert
/// <c>TelesignJsonContext.Default</c> into your app's resolver chain to read events and write
/// actions without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TelesignEvent))]
[JsonSerializable(typeof(IncomingCallData))]
[JsonSerializable(typeof(DialCompletedData))]
[JsonSerializable(typeof(PromptCompletedData))]
[JsonSerializable(typeof(CallLegCompletedData))]
[JsonSerializable(typeof(CallCompletedData))]
[JsonSerializable(typeof(TelesignAction))]
[JsonSerializable(typeof(TelesignDialResponse))]
public sealed partial class TelesignJsonContext : JsonSerializerContext;

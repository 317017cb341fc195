using System.Text.Json.Serialization;

namespace TelesignVoice.Simulator;

/// <summary>The simulator's own wire: what its fake <c>POST /v2/voice</c> answers, snake_case like Telesign.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SimulatedDialResponse))]
public sealed partial class SimulatorJsonContext : JsonSerializerContext;

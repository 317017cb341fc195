namespace TelesignVoice.Simulator;

/// <summary>Who is on a simulated call, what the caller will do, and its transcript.</summary>
public sealed record SimulatedCall(
    string ReferenceId,
    string? ExternalId,
    string Direction,
    string From,
    string To,
    CallerScript Script,
    CallTranscript Transcript);

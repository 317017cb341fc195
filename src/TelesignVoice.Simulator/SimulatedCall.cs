namespace TelesignVoice.Simulator;

/// <summary>Who is on a simulated call, what the caller will do, and its transcript.</summary>
public sealed record SimulatedCall(
    string ReferenceId,
    string? ExternalId,
    string Direction,
    string From,
    string To,
    CallerScript Script,
    CallTranscript Transcript)
{
    /// <summary>The dial's <c>send_dtmf</c>: keys Telesign sends into an outbound call once the callee answers.</summary>
    public string? DialDtmf { get; init; }
}

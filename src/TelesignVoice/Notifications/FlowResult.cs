namespace TelesignVoice.Notifications;

/// <summary>What a flow's <c>notify</c> step said, its values already filled from the call (and masked where sensitive).</summary>
public sealed record FlowResult(string Flow, string Step, IReadOnlyDictionary<string, string?> Values);

namespace TelesignVoice.Telesign;

/// <summary>
/// Which action may answer which event (docs/telesign-protocol.md, Which action answers which event). Telesign refuses anything else with
/// <c>unsupported_call_state</c>. The documented rows come from the Actions page; the rows for
/// <c>speak_completed</c>, <c>play_completed</c> and <c>call_leg_completed</c> are what Telesign's own
/// demos answer (the IVR-then-transfer pattern), so <c>dial</c> is allowed there.
/// The flow engine answers only with allowed actions, and the simulator enforces the same table.
/// </summary>
public static class TelesignCallRules
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [TelesignEventNames.IncomingCall] =
            [TelesignMethods.Hangup, TelesignMethods.Speak, TelesignMethods.Play, TelesignMethods.PlayMultiple, TelesignMethods.Dial],
        [TelesignEventNames.DialCompleted] =
            [TelesignMethods.Speak, TelesignMethods.Play, TelesignMethods.PlayMultiple, TelesignMethods.Hangup, TelesignMethods.SendDtmf],
        [TelesignEventNames.SpeakCompleted] =
            [TelesignMethods.Speak, TelesignMethods.Play, TelesignMethods.PlayMultiple, TelesignMethods.Hangup, TelesignMethods.Dial],
        [TelesignEventNames.PlayCompleted] =
            [TelesignMethods.Speak, TelesignMethods.Play, TelesignMethods.PlayMultiple, TelesignMethods.Hangup, TelesignMethods.Dial],
        [TelesignEventNames.CallLegCompleted] =
            [TelesignMethods.Speak, TelesignMethods.Play, TelesignMethods.PlayMultiple, TelesignMethods.Hangup, TelesignMethods.Dial],
        // Telesign does not process the answer to call_completed: the call is over, anything goes.
        [TelesignEventNames.CallCompleted] = [.. TelesignMethods.All],
    };

    /// <summary>True when Telesign accepts <paramref name="method"/> as the answer to <paramref name="eventName"/>.
    /// Unknown events accept only <c>hangup</c>, the one action valid in every call state.</summary>
    public static bool IsAllowed(string eventName, string method) =>
        Allowed.TryGetValue(eventName, out var methods)
            ? methods.Contains(method, StringComparer.Ordinal)
            : method == TelesignMethods.Hangup;

    /// <summary>The actions Telesign accepts as the answer to <paramref name="eventName"/>.</summary>
    public static IReadOnlyList<string> AllowedMethods(string eventName) =>
        Allowed.TryGetValue(eventName, out var methods) ? methods : [TelesignMethods.Hangup];
}

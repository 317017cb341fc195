namespace TelesignVoice.Simulator;

/// <summary>
/// What a simulated caller does. <see cref="Presses"/> holds one entry per prompt that collects digits:
/// the keys pressed (<c>"1"</c>, <c>"1234#"</c>), <c>""</c> for silence, or <c>"hangup"</c> to hang up
/// during that prompt. Once the list runs out the caller stays silent. The other fields inject faults
/// into this one call.
/// </summary>
public sealed record CallerScript
{
    public const string HangupPress = "hangup";

    // set, not init: the source-generated reader assigns every init property, so a field left out would
    // arrive as null and be refused as one written null.
    public IReadOnlyList<string> Presses { get; set; } = [];

    /// <summary>The dial_completed status of an outbound call: <c>answered</c> (default), <c>busy</c>, <c>no_answer</c>, …</summary>
    public string? DialStatus { get; init; }

    /// <summary>
    /// What Telesign answers the dial itself, before any phone rings: <c>dial_accepted</c> (default, the call
    /// runs), <c>to_number_blocked_by_customer</c> (200, no call) or <c>rate_limit_exceeded</c> (429, no call).
    /// </summary>
    public string? DialResponse { get; init; }

    /// <summary>Events delivered twice, byte for byte (the second answer must equal the first).</summary>
    public IReadOnlyList<string> DuplicateEvents { get; set; } = [];

    /// <summary>After a transfer, call_completed arrives before call_leg_completed.</summary>
    public bool CallCompletedBeforeLeg { get; init; }

    public static CallerScript Pressing(params string[] presses) => new() { Presses = presses };
}

/// <summary>The answers <see cref="CallerScript.DialResponse"/> may name.</summary>
public static class DialResponses
{
    public const string Accepted = "dial_accepted";
    public const string Blocked = "to_number_blocked_by_customer";
    public const string RateLimited = "rate_limit_exceeded";

    public static IReadOnlyList<string> All { get; } = [Accepted, Blocked, RateLimited];
}

/// <summary>Digit entry as Telesign does it for <c>collect_digits</c>: stop at a terminator (not kept) or at <c>max</c>.</summary>
public static class DigitCollector
{
    public static string Collect(string pressed, int max, string? terminators)
    {
        ArgumentNullException.ThrowIfNull(pressed);
        var collected = new System.Text.StringBuilder();
        foreach (var key in pressed)
        {
            if (terminators is not null && terminators.Contains(key, StringComparison.Ordinal))
            {
                break;
            }

            collected.Append(key);
            if (collected.Length >= max)
            {
                break;
            }
        }

        return collected.ToString();
    }
}

using TelesignVoice.Calls;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Campaigns;

/// <summary>
/// What one campaign dial came to, as kept under its idempotency key: an instance that finds the key
/// finished (after a crash) applies this instead of dialling again.
/// </summary>
/// <param name="Outcome">The dial's outcome class (<see cref="DialResult.OutcomeName"/>), <c>invalid</c> or <c>not_configured</c>.</param>
public sealed record AttemptDialResult(string Outcome, string? ReferenceId = null, string? TelesignStatus = null, int? RetryAfterSeconds = null)
{
    public static AttemptDialResult From(PlaceCallResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            PlaceCallStatus.Invalid => new AttemptDialResult("invalid"),
            PlaceCallStatus.NotConfigured => new AttemptDialResult("not_configured"),
            _ => new AttemptDialResult(
                result.Dial!.OutcomeName,
                result.ReferenceId,
                result.Dial.Status,
                result.Dial.RetryAfter is { } after ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : null),
        };
    }

    /// <summary>Nothing reached a phone, and trying later can work: the attempt is taken back.</summary>
    public bool IsNotPlaced => Outcome is "rate_limited" or "circuit_open" or "unreachable" or "unauthorized" or "not_configured";

    public bool IsAccepted => Outcome == "accepted";

    /// <summary>The call may ring: wait for its events.</summary>
    public bool IsUnknown => Outcome == "unknown";
}

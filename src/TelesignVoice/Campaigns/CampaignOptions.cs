using System.ComponentModel.DataAnnotations;

namespace TelesignVoice.Campaigns;

/// <summary>
/// <c>Campaigns:*</c>. Telesign publishes no numeric rate limit for Voice (docs/telesign-protocol.md,
/// "Campaigns"): only a 429 <c>rate_limit_exceeded</c>. The default of 10 calls per second is therefore a
/// cautious guess; the dispatcher halves its pace on a 429 and climbs back while no 429 comes.
/// </summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    [Range(0.01, 1000, ErrorMessage = "Campaigns:CallsPerSecond must be between 0.01 and 1000 (environment variable Campaigns__CallsPerSecond).")]
    public double CallsPerSecond { get; set; } = 10;

    [Range(0.01, 1000, ErrorMessage = "Campaigns:MaxCallsPerSecond must be between 0.01 and 1000 (environment variable Campaigns__MaxCallsPerSecond).")]
    public double MaxCallsPerSecond { get; set; } = 500;

    [Range(1, 100000, ErrorMessage = "Campaigns:MaxConcurrentCalls must be between 1 and 100000 (environment variable Campaigns__MaxConcurrentCalls).")]
    public int MaxConcurrentCalls { get; set; } = 100;

    /// <summary>How long a claimed recipient stays with this instance before another may take it.</summary>
    [Range(5, 3600, ErrorMessage = "Campaigns:LeaseSeconds must be between 5 and 3600 (environment variable Campaigns__LeaseSeconds).")]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How long a dial whose outcome is unknown waits for an event before it is final as <c>outcome_unknown</c>.</summary>
    [Range(1, 86400, ErrorMessage = "Campaigns:UnknownOutcomeWaitSeconds must be between 1 and 86400 (environment variable Campaigns__UnknownOutcomeWaitSeconds).")]
    public int UnknownOutcomeWaitSeconds { get; set; } = 600;

    /// <summary>How long an accepted call may go without a final event (longer than any call's max_call_duration).</summary>
    [Range(60, 172800, ErrorMessage = "Campaigns:AttemptTimeoutSeconds must be between 60 and 172800 (environment variable Campaigns__AttemptTimeoutSeconds).")]
    public int AttemptTimeoutSeconds { get; set; } = 15000;

    /// <summary>How often the dispatcher looks for due recipients when nothing wakes it.</summary>
    [Range(10, 60000, ErrorMessage = "Campaigns:PollMilliseconds must be between 10 and 60000 (environment variable Campaigns__PollMilliseconds).")]
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>Show whole numbers in GET /campaigns/{id}/recipients and results; otherwise masked as in logs.</summary>
    public bool ShowFullNumbers { get; set; }

    /// <summary>Off: this instance dials no campaign (it still serves the API).</summary>
    public bool DispatcherEnabled { get; set; } = true;
}

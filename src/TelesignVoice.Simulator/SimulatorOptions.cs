using System.ComponentModel.DataAnnotations;

namespace TelesignVoice.Simulator;

/// <summary>
/// The <c>Simulator</c> section. Off unless configured: with <see cref="Enabled"/> the "Telesign" HTTP
/// client talks to the in-process simulator instead of Telesign, and <c>/simulator</c> is mapped.
/// </summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    public bool Enabled { get; set; }

    /// <summary>Where simulated events go; empty means this app's own address plus <c>Telesign:Webhook:Path</c>.</summary>
    [Url(ErrorMessage = "Simulator:WebhookUrl must be an absolute http(s) URL, e.g. http://localhost:8080/webhooks/telesign.")]
    public string? WebhookUrl { get; set; }

    /// <summary>What the caller of a call with no script of its own presses, one entry per prompt.</summary>
    public IList<string> DefaultPresses { get; } = [];

    /// <summary>Numbers the simulated account has blocked: a dial to one gets 200 <c>to_number_blocked_by_customer</c>.</summary>
    public IList<string> BlockedNumbers { get; } = [];

    /// <summary>
    /// Per destination number, the script of each dial in turn (<c>Simulator:Numbers:15555550100:0:DialStatus=busy</c>,
    /// <c>…:1:Presses:0=1</c>): busy first and answered next, never answered, blocked, keys pressed. The last repeats.
    /// </summary>
    public IDictionary<string, IList<CallerScript>> Numbers { get; } = new Dictionary<string, IList<CallerScript>>(StringComparer.Ordinal);

    /// <summary>How long a simulated phone rings before dial_completed (lets the dialler store the call first).</summary>
    [Range(0, 60_000, ErrorMessage = "Simulator:RingMilliseconds must be between 0 and 60000.")]
    public int RingMilliseconds { get; set; } = 300;

    /// <summary>A call that has not ended after this many events fails: a flow that loops forever.</summary>
    [Range(2, 1000, ErrorMessage = "Simulator:MaxEventsPerCall must be between 2 and 1000.")]
    public int MaxEventsPerCall { get; set; } = 60;

    /// <summary>Finished transcripts kept for the control API; older ones are forgotten first. Running calls are always kept.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Simulator:MaxTranscripts must be between 1 and 1000000.")]
    public int MaxTranscripts { get; set; } = 1000;

    /// <summary>Calls running at once; beyond, a dial gets 429 rate_limit_exceeded and POST /simulator/inbound 429.</summary>
    [Range(1, 100_000, ErrorMessage = "Simulator:MaxRunningCalls must be between 1 and 100000.")]
    public int MaxRunningCalls { get; set; } = 100;
}

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// The <c>Telesign:Resilience</c> section. Retries happen only where the call was certainly not placed
/// (429, refused connection, unknown host); a 5xx or a timeout after sending is never retried, because
/// the callee might be rung twice.
/// </summary>
public sealed class TelesignResilienceOptions
{
    /// <summary>The configuration section: <c>Telesign:Resilience</c>.</summary>
    public const string SectionName = "Telesign:Resilience";

    /// <summary>Timeout of one attempt (default 10 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a dial including its retries (default 30 s).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries where no call can have been placed: 429, refused connection, unknown host (default 3).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones double, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>When the circuit opens and for how long.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}

/// <summary>The circuit opens when <see cref="FailureRatio"/> of at least <see cref="MinimumThroughput"/> requests in <see cref="SamplingDuration"/> failed.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Share of failed dials in the window that opens the circuit (default 0.5).</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Dials needed in the window before the ratio counts (default 10).</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the ratio is measured over (default 30 s).</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before it lets one dial try (default 30 s).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

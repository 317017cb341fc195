using System.ComponentModel.DataAnnotations;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// The <c>Telesign:Resilience</c> section. Retries happen only where the call was certainly not placed
/// (429, refused connection, unknown host); a 5xx or a timeout after sending is never retried, because
/// the callee might be rung twice.
/// </summary>
public sealed class TelesignResilienceOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>Telesign:Resilience</c>.</summary>
    public const string SectionName = "Telesign:Resilience";

    /// <summary>Timeout of one attempt (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Telesign:Resilience:AttemptTimeout must be between 00:00:00.010 and 00:10:00.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a dial including its retries (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00", ErrorMessage = "Telesign:Resilience:TotalTimeout must be between 00:00:00.010 and 00:30:00.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries where no call can have been placed: 429, refused connection, unknown host (default 3).</summary>
    [Range(0, 10, ErrorMessage = "Telesign:Resilience:MaxRetryAttempts must be between 0 and 10.")]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones double, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Telesign:Resilience:RetryBaseDelay must be between 00:00:00 and 00:01:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>When the circuit opens and for how long.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Checks what data annotations cannot: the total timeout against the attempt timeout, and the nested circuit breaker.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult(
                "Telesign:Resilience:TotalTimeout must not be shorter than Telesign:Resilience:AttemptTimeout.",
                [nameof(TotalTimeout)]);
        }

        // DataAnnotations does not descend into nested objects by itself.
        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(CircuitBreaker, new ValidationContext(CircuitBreaker), nested, validateAllProperties: true);
        foreach (var result in nested)
        {
            yield return result;
        }
    }
}

/// <summary>The circuit opens when <see cref="FailureRatio"/> of at least <see cref="MinimumThroughput"/> requests in <see cref="SamplingDuration"/> failed.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Share of failed dials in the window that opens the circuit (default 0.5).</summary>
    [Range(0.01, 1.0, ErrorMessage = "Telesign:Resilience:CircuitBreaker:FailureRatio must be between 0.01 and 1.")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Dials needed in the window before the ratio counts (default 10).</summary>
    [Range(2, 1000, ErrorMessage = "Telesign:Resilience:CircuitBreaker:MinimumThroughput must be between 2 and 1000.")]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the ratio is measured over (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00", ErrorMessage = "Telesign:Resilience:CircuitBreaker:SamplingDuration must be between 00:00:00.500 and 01:00:00.")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before it lets one dial try (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00", ErrorMessage = "Telesign:Resilience:CircuitBreaker:BreakDuration must be between 00:00:00.500 and 01:00:00.")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

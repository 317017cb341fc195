using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// What the last dials said about Telesign: whether it refused our credentials and whether the circuit is
/// open. Readiness reports Degraded rather than Unhealthy: webhooks still work while dialing does not.
/// </summary>
public sealed class TelesignHealth(TimeProvider time)
{
    private volatile bool _credentialsRejected;
    private volatile bool _circuitOpen;
    private long _circuitOpenUntil;

    /// <summary>True when Telesign answered the last dial with 401.</summary>
    public bool CredentialsRejected => _credentialsRejected;

    /// <summary>
    /// True while the circuit breaker refuses dials: from its opening until its break duration has passed.
    /// After that the breaker lets a trial dial through, so it must not read as open any more: a caller
    /// that waits for the circuit before dialling (the campaign dispatcher) would otherwise wait forever,
    /// since only a dial can close it.
    /// </summary>
    public bool CircuitOpen => _circuitOpen && time.GetUtcNow().UtcTicks < Interlocked.Read(ref _circuitOpenUntil);

    internal void CredentialsChecked(bool rejected) => _credentialsRejected = rejected;

    internal void CircuitChanged(bool open, TimeSpan breakDuration = default)
    {
        Interlocked.Exchange(ref _circuitOpenUntil, (time.GetUtcNow() + breakDuration).UtcTicks);
        _circuitOpen = open;
    }
}

/// <summary>A health check that reports Degraded while Telesign refuses our credentials or the circuit is open.</summary>
/// <param name="health">What the last dials said.</param>
public sealed class TelesignHealthCheck(TelesignHealth health) : IHealthCheck
{
    /// <summary>Healthy, or Degraded with the reason and the key to check.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = (health.CredentialsRejected, health.CircuitOpen) switch
        {
            (true, _) => HealthCheckResult.Degraded(
                "Telesign refused our credentials (401) on the last dial: check Telesign:CustomerId and Telesign:ApiKey."),
            (_, true) => HealthCheckResult.Degraded(
                "The circuit to Telesign is open after repeated failures: dials are refused until it closes."),
            _ => HealthCheckResult.Healthy("No sign of trouble on the last dials to Telesign."),
        };
        return Task.FromResult(result);
    }
}

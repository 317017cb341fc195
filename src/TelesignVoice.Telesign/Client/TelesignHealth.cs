using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// What the last dials said about Telesign: whether it refused our credentials and whether the circuit is
/// open. Readiness reports Degraded rather than Unhealthy: webhooks still work while dialing does not.
/// </summary>
public sealed class TelesignHealth
{
    private volatile bool _credentialsRejected;
    private volatile bool _circuitOpen;

    public bool CredentialsRejected => _credentialsRejected;

    public bool CircuitOpen => _circuitOpen;

    public void CredentialsChecked(bool rejected) => _credentialsRejected = rejected;

    public void CircuitChanged(bool open) => _circuitOpen = open;
}

public sealed class TelesignHealthCheck(TelesignHealth health) : IHealthCheck
{
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

namespace TelesignVoice.Simulator;

/// <summary>
/// Faults the simulated Telesign API injects into the next dials, for tests and rehearsals. Per-call
/// faults (duplicate events, call_completed before a leg) live on <see cref="CallerScript"/>.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly Lock _gate = new();
    private int _rateLimited;
    private int _serverErrors;
    private int _serverErrorStatus = 503;
    private TimeSpan _dialDelay;

    public void Set(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            _rateLimited = settings.RateLimitedDials;
            _serverErrors = settings.ServerErrorDials;
            _serverErrorStatus = settings.ServerErrorStatus;
            _dialDelay = TimeSpan.FromMilliseconds(settings.DialDelayMilliseconds);
        }
    }

    public void Clear() => Set(new FaultSettings());

    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return new FaultSettings(_rateLimited, _serverErrors, _serverErrorStatus, (int)_dialDelay.TotalMilliseconds);
            }
        }
    }

    /// <summary>Consumes the fault that applies to the dial arriving now: 429 first, then 5xx.</summary>
    public DialFault NextDial()
    {
        lock (_gate)
        {
            if (_rateLimited > 0)
            {
                _rateLimited--;
                return new DialFault(429, _dialDelay);
            }

            if (_serverErrors > 0)
            {
                _serverErrors--;
                return new DialFault(_serverErrorStatus, _dialDelay);
            }

            return new DialFault(null, _dialDelay);
        }
    }
}

/// <param name="RateLimitedDials">The next N dials get 429 <c>rate_limit_exceeded</c>.</param>
/// <param name="ServerErrorDials">The following N dials get <paramref name="ServerErrorStatus"/> and place no call.</param>
/// <param name="ServerErrorStatus">The 5xx status of those dials.</param>
/// <param name="DialDelayMilliseconds">Every dial waits this long before its answer (a slow Telesign).</param>
public sealed record FaultSettings(
    int RateLimitedDials = 0,
    int ServerErrorDials = 0,
    int ServerErrorStatus = 503,
    int DialDelayMilliseconds = 0);

public readonly record struct DialFault(int? Status, TimeSpan Delay);

namespace TelesignVoice.Campaigns;

/// <summary>
/// This instance's brake on every campaign's rate: a 429 halves the pace (down to a tenth), and each
/// <see cref="RecoveryStep"/> without one raises it by a quarter until the configured rate is back. An open
/// circuit (or a refused credential) stops dispatch until the time Telesign's answer gave.
/// </summary>
public sealed class CampaignPace(TimeProvider time)
{
    public static readonly TimeSpan RecoveryStep = TimeSpan.FromSeconds(5);
    private const double MinFactor = 0.1;

    private readonly Lock _gate = new();
    private double _factor = 1;
    private DateTimeOffset _lastChange = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public double Factor
    {
        get
        {
            lock (_gate)
            {
                Recover();
                return _factor;
            }
        }
    }

    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    public void RateLimited()
    {
        lock (_gate)
        {
            _factor = Math.Max(MinFactor, _factor / 2);
            _lastChange = time.GetUtcNow();
        }
    }

    public void PauseUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private void Recover()
    {
        var now = time.GetUtcNow();
        while (_factor < 1 && now - _lastChange >= RecoveryStep)
        {
            _factor = Math.Min(1, _factor * 1.25);
            _lastChange += RecoveryStep;
        }
    }
}

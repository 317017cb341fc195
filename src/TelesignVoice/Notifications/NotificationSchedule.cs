namespace TelesignVoice.Notifications;

/// <summary>
/// When to try a notification again: exponential backoff from <c>Notifications:FirstRetryDelaySeconds</c>
/// up to <c>Notifications:MaxRetryDelaySeconds</c>, with "equal jitter" (half the delay fixed, half random)
/// so that receivers coming back from an outage are not hit by every retry at once; a <c>Retry-After</c>
/// from the receiver is waited out in full.
/// </summary>
public static class NotificationSchedule
{
    /// <param name="failedAttempts">Attempts made so far, including the one that just failed (1 or more).</param>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Delay(int failedAttempts, TimeSpan? retryAfter, NotificationOptions options, double random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ceiling = Math.Min(options.FirstRetryDelaySeconds * Math.Pow(2, exponent), options.MaxRetryDelaySeconds);
        var delay = TimeSpan.FromSeconds((ceiling / 2) + (ceiling / 2 * random));
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}

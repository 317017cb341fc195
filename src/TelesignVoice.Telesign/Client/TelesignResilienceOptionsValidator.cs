using System.Globalization;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// Checks the <c>Telesign:Resilience</c> section at startup, each message naming the key. Written out rather
/// than data annotations: those validate by reflection, which trimming and native AOT cannot follow.
/// </summary>
internal sealed class TelesignResilienceOptionsValidator : IValidateOptions<TelesignResilienceOptions>
{
    private const string Section = TelesignResilienceOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TelesignResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckRange(failures, "AttemptTimeout", options.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        CheckRange(failures, "TotalTimeout", options.TotalTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(30));
        CheckRange(failures, "MaxRetryAttempts", options.MaxRetryAttempts, 0, 10);
        CheckRange(failures, "RetryBaseDelay", options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{Section}:TotalTimeout must not be shorter than {Section}:AttemptTimeout.");
        }

        var breaker = options.CircuitBreaker;
        CheckRange(failures, "CircuitBreaker:FailureRatio", breaker.FailureRatio, 0.01, 1.0, "1");
        CheckRange(failures, "CircuitBreaker:MinimumThroughput", breaker.MinimumThroughput, 2, 1000);
        CheckRange(failures, "CircuitBreaker:SamplingDuration", breaker.SamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1));
        CheckRange(failures, "CircuitBreaker:BreakDuration", breaker.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRange(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} must be between {Written(min)} and {Written(max)}.");
        }
    }

    private static void CheckRange<T>(List<string> failures, string key, T value, T min, T max, string? maxWritten = null)
        where T : IComparable<T>, IFormattable
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{Section}:{key} must be between {min.ToString(null, CultureInfo.InvariantCulture)} and {maxWritten ?? max.ToString(null, CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>As the settings are written: 00:00:00.010, 00:10:00.</summary>
    private static string Written(TimeSpan value) =>
        value.ToString(value.Milliseconds == 0 ? @"hh\:mm\:ss" : @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}

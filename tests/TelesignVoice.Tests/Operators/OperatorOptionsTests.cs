using System.ComponentModel.DataAnnotations;
using TelesignVoice.Operators;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Tests.Operators;

public class OperatorOptionsTests
{
    private static List<string> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? string.Empty)];
    }

    /// <summary>The resilience section is checked by its own validator (trim-safe, no data annotations), as at startup.</summary>
    private static List<string> Validate(TelesignResilienceOptions options) =>
        [.. new TelesignResilienceOptionsValidator().Validate(null, options).Failures ?? []];

    [Fact]
    public void Short_operator_key_is_refused_naming_its_index()
    {
        var options = new OperatorOptions();
        options.ApiKeys.Add("long-enough-operator-key");
        options.ApiKeys.Add("short");

        var errors = Validate(options);

        Assert.Equal(["Operators:ApiKeys:1 is shorter than 16 characters: use a long random key (e.g. openssl rand -base64 32)."], errors);
    }

    [Fact]
    public void Rate_limit_out_of_range_names_the_key()
    {
        var options = new OperatorOptions { RateLimit = new OperatorRateLimitOptions { PermitLimit = 0 } };

        var errors = Validate(options);

        Assert.Equal(["Operators:RateLimit:PermitLimit must be between 1 and 100000."], errors);
    }

    [Fact]
    public void Total_timeout_shorter_than_an_attempt_is_refused()
    {
        var options = new TelesignResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(20), TotalTimeout = TimeSpan.FromSeconds(10) };

        var errors = Validate(options);

        Assert.Equal(["Telesign:Resilience:TotalTimeout must not be shorter than Telesign:Resilience:AttemptTimeout."], errors);
    }

    [Fact]
    public void Circuit_breaker_settings_are_checked_too()
    {
        var options = new TelesignResilienceOptions { CircuitBreaker = new CircuitBreakerOptions { MinimumThroughput = 1 } };

        var errors = Validate(options);

        Assert.Equal(["Telesign:Resilience:CircuitBreaker:MinimumThroughput must be between 2 and 1000."], errors);
    }
}

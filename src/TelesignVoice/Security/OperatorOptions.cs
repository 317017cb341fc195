using System.ComponentModel.DataAnnotations;

namespace TelesignVoice.Security;

/// <summary>The <c>Operators</c> section: who may use the operator API, and how often.</summary>
public sealed class OperatorOptions : IValidatableObject
{
    public const string SectionName = "Operators";

    /// <summary>Keys accepted in <c>X-Api-Key</c>. Empty: the operator API refuses every request.</summary>
    public IList<string> ApiKeys { get; } = [];

    public OperatorRateLimitOptions RateLimit { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            // An empty entry is ignored: it is how an environment variable switches a configured key off.
            if (ApiKeys[i].Length is > 0 and < 16)
            {
                yield return new ValidationResult(
                    $"Operators:ApiKeys:{i} is shorter than 16 characters: use a long random key (e.g. openssl rand -base64 32).",
                    [nameof(ApiKeys)]);
            }
        }

        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(RateLimit, new ValidationContext(RateLimit), nested, validateAllProperties: true);
        foreach (var result in nested)
        {
            yield return result;
        }
    }
}

/// <summary>A fixed window per operator key: <see cref="PermitLimit"/> requests every <see cref="WindowSeconds"/>.</summary>
public sealed class OperatorRateLimitOptions
{
    [Range(1, 100_000, ErrorMessage = "Operators:RateLimit:PermitLimit must be between 1 and 100000.")]
    public int PermitLimit { get; set; } = 60;

    [Range(1, 3600, ErrorMessage = "Operators:RateLimit:WindowSeconds must be between 1 and 3600.")]
    public int WindowSeconds { get; set; } = 60;
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace TelesignVoice.Operators;

/// <summary>The <c>Operators</c> section: who may use the operator API, with which role, and how often.</summary>
public sealed class OperatorOptions : IValidatableObject
{
    public const string SectionName = "Operators";
    private const int MinSecretLength = 16;

    /// <summary>Keys accepted in <c>X-Api-Key</c> as admin keys (named <c>api-key-{index}</c>), as before roles existed.</summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>Named keys: <c>Operators:Keys:{name}:Role</c> with <c>:Secret</c> or <c>:SecretHash</c>.</summary>
    public IDictionary<string, OperatorKeyOptions> Keys { get; } = new Dictionary<string, OperatorKeyOptions>(StringComparer.OrdinalIgnoreCase);

    public OperatorRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Every usable key with its name, role and SHA-256; empty entries are switched off.</summary>
    public IEnumerable<(string Name, OperatorRole Role, byte[] Hash)> ConfiguredKeys()
    {
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (ApiKeys[i].Length > 0)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"api-key-{i}"), OperatorRole.Admin, OperatorKeyring.Hash(ApiKeys[i]));
            }
        }

        foreach (var (name, key) in Keys)
        {
            if (key.TryGetHash(out var hash) && OperatorKeyOptions.TryParseRole(key.Role, out var role))
            {
                yield return (name, role, hash);
            }
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            // An empty entry is ignored: it is how an environment variable switches a configured key off.
            if (ApiKeys[i].Length is > 0 and < MinSecretLength)
            {
                yield return new ValidationResult(
                    $"Operators:ApiKeys:{i} is shorter than 16 characters: use a long random key (e.g. openssl rand -base64 32).",
                    [nameof(ApiKeys)]);
            }
        }

        foreach (var (name, key) in Keys)
        {
            foreach (var problem in key.Problems(name))
            {
                yield return new ValidationResult(problem, [nameof(Keys)]);
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

/// <summary>One named key: its role and its secret, or the secret's SHA-256 (64 hex digits) so the configuration holds no secret.</summary>
public sealed class OperatorKeyOptions
{
    public string? Role { get; set; }

    public string? Secret { get; set; }

    public string? SecretHash { get; set; }

    public static bool TryParseRole(string? text, out OperatorRole role)
    {
        role = text?.Trim().ToLowerInvariant() switch
        {
            "viewer" => OperatorRole.Viewer,
            "caller" => OperatorRole.Caller,
            "admin" => OperatorRole.Admin,
            _ => 0,
        };
        return role != 0;
    }

    public bool TryGetHash(out byte[] hash)
    {
        hash = [];
        if (!string.IsNullOrEmpty(Secret))
        {
            hash = OperatorKeyring.Hash(Secret);
            return true;
        }

        if (SecretHash is { Length: 64 } hex && hex.All(char.IsAsciiHexDigit))
        {
            hash = Convert.FromHexString(hex);
            return true;
        }

        return false;
    }

    public IEnumerable<string> Problems(string name)
    {
        var key = $"Operators:Keys:{name}";
        if (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            yield return $"{key}: a key's name is 1 to 64 letters, digits, '-', '_' or '.' (it is recorded as placed_by and in audit lines).";
        }

        if (!TryParseRole(Role, out _))
        {
            yield return $"{key}:Role must be viewer, caller or admin (environment variable Operators__Keys__{name}__Role).";
        }

        var hasSecret = !string.IsNullOrEmpty(Secret);
        var hasHash = !string.IsNullOrEmpty(SecretHash);
        if (hasSecret == hasHash)
        {
            yield return $"{key}: set exactly one of {key}:Secret (the key itself) or {key}:SecretHash (its SHA-256 as 64 hex digits, e.g. printf %s \"$KEY\" | sha256sum).";
        }
        else if (hasSecret && Secret!.Length < 16)
        {
            yield return $"{key}:Secret is shorter than 16 characters: use a long random key (e.g. openssl rand -base64 32).";
        }
        else if (hasHash && !TryGetHash(out _))
        {
            yield return $"{key}:SecretHash must be the key's SHA-256 as 64 hex digits (printf %s \"$KEY\" | sha256sum).";
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

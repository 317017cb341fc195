using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TelesignVoice.Telesign;

namespace TelesignVoice.Security;

/// <summary>
/// Verifies Telesign's callback signature (docs/telesign-protocol.md, Callback signatures): Base64(HMAC-SHA256(Base64-decoded API
/// key, raw body bytes)), carried as <c>Authorization: TSA {customer_id}:{signature}</c> and/or
/// <c>X-TS-Authorization: {signature}</c>. Every header that is present must verify, and at least one
/// must be; any of the current and previous keys may have signed, so keys can rotate without downtime.
/// No timestamp or nonce is signed, so a verified body may be a replay: the webhook treats a body it has
/// seen as a duplicate, never as a new step.
/// </summary>
public sealed class TelesignSignatureVerifier
{
    /// <summary>The header carrying <c>TSA {customer_id}:{signature}</c>.</summary>
    public const string AuthorizationHeader = "Authorization";
    /// <summary>The header carrying the bare signature.</summary>
    public const string TsAuthorizationHeader = "X-TS-Authorization";
    private const string Scheme = "TSA ";
    private const int SignatureLength = 32;

    private readonly byte[][] _keys;
    private readonly string? _customerId;

    /// <summary>Takes the customer ID and the current and previous API keys from <paramref name="options"/>.</summary>
    public TelesignSignatureVerifier(IOptions<TelesignOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var telesign = options.Value;
        _customerId = telesign.CustomerId;
        _keys = [.. new[] { telesign.ApiKey }.Concat(telesign.PreviousApiKeys)
            .Where(key => !string.IsNullOrWhiteSpace(key))
            .Select(key => Convert.FromBase64String(key!))];
    }

    /// <summary>False when no API key is configured: nothing can verify.</summary>
    public bool HasKeys => _keys.Length > 0;

    /// <summary>Checks <paramref name="body"/>, the raw request bytes, against the two signature headers.</summary>
    public SignatureCheck Verify(ReadOnlySpan<byte> body, StringValues authorization, StringValues tsAuthorization)
    {
        if (authorization.Count == 0 && tsAuthorization.Count == 0)
        {
            return SignatureCheck.Fail(SignatureFailure.Missing);
        }

        if (authorization.Count > 1 || tsAuthorization.Count > 1)
        {
            return SignatureCheck.Fail(SignatureFailure.MultipleHeaders);
        }

        Span<byte> computed = stackalloc byte[SignatureLength * _keys.Length];
        for (var i = 0; i < _keys.Length; i++)
        {
            HMACSHA256.HashData(_keys[i], body, computed.Slice(i * SignatureLength, SignatureLength));
        }

        if (authorization.Count == 1)
        {
            var check = CheckAuthorization(authorization[0], computed);
            if (!check.IsValid)
            {
                return check;
            }
        }

        return tsAuthorization.Count == 1 ? CheckSignature(tsAuthorization[0], computed) : SignatureCheck.Valid;
    }

    private SignatureCheck CheckAuthorization(string? header, ReadOnlySpan<byte> computed)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheck.Fail(SignatureFailure.WrongScheme);
        }

        var credentials = header.AsSpan(Scheme.Length).Trim();
        var colon = credentials.IndexOf(':');
        if (colon < 0)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed);
        }

        if (_customerId is null || !credentials[..colon].Equals(_customerId, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureCheck.Fail(SignatureFailure.WrongCustomer);
        }

        return CheckSignature(credentials[(colon + 1)..].ToString(), computed);
    }

    private static SignatureCheck CheckSignature(string? signature, ReadOnlySpan<byte> computed)
    {
        Span<byte> received = stackalloc byte[SignatureLength + 3];
        if (string.IsNullOrWhiteSpace(signature)
            || !Convert.TryFromBase64String(signature.Trim(), received, out var written)
            || written != SignatureLength)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed);
        }

        var matched = false;
        for (var offset = 0; offset < computed.Length; offset += SignatureLength)
        {
            // Compare against every key without stopping early, so timing says nothing about which matched.
            matched |= CryptographicOperations.FixedTimeEquals(computed.Slice(offset, SignatureLength), received[..SignatureLength]);
        }

        return matched ? SignatureCheck.Valid : SignatureCheck.Fail(SignatureFailure.Mismatch);
    }
}

/// <summary>Why a signature check failed.</summary>
public enum SignatureFailure
{
    /// <summary>The check passed.</summary>
    None,
    /// <summary>Neither header was sent.</summary>
    Missing,
    /// <summary>A header was sent more than once.</summary>
    MultipleHeaders,
    /// <summary><c>Authorization</c> does not use the <c>TSA</c> scheme.</summary>
    WrongScheme,
    /// <summary>A header is not <c>customer_id:signature</c>, or the signature is not 32 bytes of Base64.</summary>
    Malformed,
    /// <summary><c>Authorization</c> names another customer ID.</summary>
    WrongCustomer,
    /// <summary>The signature matches none of the keys.</summary>
    Mismatch,
}

/// <summary>The result of one signature check.</summary>
/// <param name="Failure">What failed, or <see cref="SignatureFailure.None"/>.</param>
public readonly record struct SignatureCheck(SignatureFailure Failure)
{
    /// <summary>A passed check.</summary>
    public static SignatureCheck Valid => new(SignatureFailure.None);

    /// <summary>True when the signature verified.</summary>
    public bool IsValid => Failure == SignatureFailure.None;

    /// <summary>A failed check.</summary>
    public static SignatureCheck Fail(SignatureFailure failure) => new(failure);

    /// <summary>The reason as a metric tag and log value: snake_case, never the header's content.</summary>
    public string Reason => Failure switch
    {
        SignatureFailure.None => "none",
        SignatureFailure.Missing => "missing",
        SignatureFailure.MultipleHeaders => "multiple_headers",
        SignatureFailure.WrongScheme => "wrong_scheme",
        SignatureFailure.Malformed => "malformed",
        SignatureFailure.WrongCustomer => "wrong_customer",
        SignatureFailure.Mismatch => "mismatch",
        _ => "unknown",
    };
}

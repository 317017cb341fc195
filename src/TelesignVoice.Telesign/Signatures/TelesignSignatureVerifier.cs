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
    public const string AuthorizationHeader = "Authorization";
    public const string TsAuthorizationHeader = "X-TS-Authorization";
    private const string Scheme = "TSA ";
    private const int SignatureLength = 32;

    private readonly byte[][] _keys;
    private readonly string? _customerId;

    public TelesignSignatureVerifier(IOptions<TelesignOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var telesign = options.Value;
        _customerId = telesign.CustomerId;
        _keys = [.. new[] { telesign.ApiKey }.Concat(telesign.PreviousApiKeys)
            .Where(key => !string.IsNullOrWhiteSpace(key))
            .Select(key => Convert.FromBase64String(key!))];
    }

    public bool HasKeys => _keys.Length > 0;

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

public enum SignatureFailure
{
    None,
    Missing,
    MultipleHeaders,
    WrongScheme,
    Malformed,
    WrongCustomer,
    Mismatch,
}

public readonly record struct SignatureCheck(SignatureFailure Failure)
{
    public static SignatureCheck Valid => new(SignatureFailure.None);

    public bool IsValid => Failure == SignatureFailure.None;

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

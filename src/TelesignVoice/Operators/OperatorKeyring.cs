using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Operators;

/// <summary>
/// The configured operator keys, as SHA-256 hashes. A request's <c>X-Api-Key</c> is hashed once and
/// compared in fixed time against every key (neither the time taken nor the key's length tells a prober
/// anything); the answer is kept on the request, so the rate limiter and every filter share it.
/// </summary>
public sealed class OperatorKeyring
{
    public const string HeaderName = "X-Api-Key";
    private static readonly object NoOperator = new();

    private readonly (byte[] Hash, OperatorIdentity Identity)[] _keys;

    public OperatorKeyring(IOptions<OperatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.ConfiguredKeys().Select(key => (key.Hash, new OperatorIdentity(key.Name, key.Role, Convert.ToHexStringLower(key.Hash.AsSpan(0, 8)))))];
    }

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>The operator whose key the request sent, or null; computed once per request.</summary>
    public OperatorIdentity? Authenticate(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items.TryGetValue(OperatorIdentity.ItemKey, out var known))
        {
            return known as OperatorIdentity;
        }

        var identity = Match(http.Request.Headers[HeaderName]);
        http.Items[OperatorIdentity.ItemKey] = (object?)identity ?? NoOperator;
        return identity;
    }

    private OperatorIdentity? Match(Microsoft.Extensions.Primitives.StringValues presented)
    {
        if (presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return null;
        }

        var hash = Hash(presented[0]!);
        OperatorIdentity? matched = null;
        foreach (var (known, identity) in _keys)
        {
            // No early exit: every key is compared, whichever matches.
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                matched ??= identity;
            }
        }

        return matched;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TelesignVoice.Notifications;

/// <summary>
/// Signatures of the Standard Webhooks specification (docs/notifications.md): the headers
/// <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>, which holds
/// <c>v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c> once per secret, space separated, so a
/// receiver rotating its secret accepts either. Secrets are written <c>whsec_&lt;base64&gt;</c>.
/// </summary>
public static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>How far a timestamp may be from now when verifying (the specification's reference libraries use five minutes).</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The key bytes of a <c>whsec_</c> secret (the prefix is optional, as in the reference libraries), or null when it is not base64.</summary>
    public static byte[]? KeyOf(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return null;
        }

        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var key = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, key, out var written) && written > 0 ? key[..written] : null;
    }

    /// <summary>Several secrets in one setting, separated by spaces or commas: every one signs while a rotation is under way.</summary>
    public static IReadOnlyList<string> SplitSecrets(string? secrets) =>
        secrets is null ? [] : secrets.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The <c>webhook-signature</c> value: one <c>v1,…</c> per key, space separated.</summary>
    public static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is needed to sign.", nameof(keys));
        }

        var content = SignedContent(id, timestamp, body);
        return string.Join(' ', keys.Select(key => "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content))));
    }

    public static string Sign(string id, long timestamp, string body, string secret) =>
        Sign(id, timestamp, Encoding.UTF8.GetBytes(body), [KeyOf(secret) ?? throw new ArgumentException("Not a whsec_ base64 secret.", nameof(secret))]);

    /// <summary>
    /// True when the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/> and one of
    /// the header's <c>v1</c> signatures matches one of the keys (compared in fixed time).
    /// </summary>
    public static bool Verify(string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatureHeader)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var content = SignedContent(id, seconds, body);
        var expected = keys.Select(key => HMACSHA256.HashData(key, content)).ToList();
        foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = part.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || part[..comma] != "v1")
            {
                continue;
            }

            var given = new byte[part.Length];
            if (Convert.TryFromBase64String(part[(comma + 1)..], given, out var length)
                && expected.Any(mac => CryptographicOperations.FixedTimeEquals(mac, given.AsSpan(0, length))))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] SignedContent(string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// The two ways to authenticate a request to Telesign's REST API (docs/telesign-protocol.md, Authentication of our requests), as pure
/// functions so the official vectors can check them byte for byte.
/// </summary>
internal static class TelesignAuthentication
{
    public const string DigestAuthMethod = "HMAC-SHA256";

    /// <summary><c>Basic base64(customer_id:api_key)</c>: the key string is used as-is, never decoded.</summary>
    public static string BasicHeader(string customerId, string apiKey) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{customerId}:{apiKey}"));

    /// <summary>
    /// The TSA string-to-sign: method, content type, Date, auth method, nonce, the body when there is one,
    /// and the resource path (no host, no query), joined by <c>\n</c>.
    /// </summary>
    public static string DigestStringToSign(string method, string? contentType, string date, string nonce, string? body, string path)
    {
        var builder = new StringBuilder()
            .Append(method).Append('\n')
            .Append(contentType).Append('\n')
            .Append(date).Append('\n')
            .Append("x-ts-auth-method:").Append(DigestAuthMethod).Append('\n')
            .Append("x-ts-nonce:").Append(nonce).Append('\n');
        if (!string.IsNullOrEmpty(body))
        {
            builder.Append(body).Append('\n');
        }

        return builder.Append(path).ToString();
    }

    /// <summary>Base64(HMAC-SHA256(base64-decoded API key, UTF-8 string-to-sign)).</summary>
    public static string DigestSignature(string apiKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(apiKey), Encoding.UTF8.GetBytes(stringToSign)));

    public static string DigestHeader(string customerId, string signature) => $"TSA {customerId}:{signature}";
}

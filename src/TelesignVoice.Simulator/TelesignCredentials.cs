using System.Security.Cryptography;
using System.Text;
using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// Checks the credentials of a request to the simulated <c>POST /v2/voice</c> against the configured
/// account: Basic (<c>customer_id:api_key</c>) or Telesign's TSA digest (docs/telesign-protocol.md, Authentication of our requests).
/// </summary>
public static class TelesignCredentials
{
    public const string NotProvided = "credentials_not_provided";
    public const string NotAuthorized = "not_authorized";

    /// <summary>Null when the request is authorised, otherwise the status Telesign answers with 401.</summary>
    public static string? Check(HttpRequestMessage request, byte[] body, TelesignOptions account)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(account);
        var authorization = request.Headers.Authorization;
        if (authorization is null || string.IsNullOrEmpty(authorization.Parameter)
            || string.IsNullOrEmpty(account.CustomerId) || string.IsNullOrEmpty(account.ApiKey))
        {
            return NotProvided;
        }

        var valid = authorization.Scheme.ToUpperInvariant() switch
        {
            "BASIC" => CheckBasic(authorization.Parameter, account),
            "TSA" => CheckDigest(request, body, authorization.Parameter, account),
            _ => false,
        };
        return valid ? null : NotAuthorized;
    }

    private static bool CheckBasic(string parameter, TelesignOptions account)
    {
        var expected = Encoding.UTF8.GetBytes($"{account.CustomerId}:{account.ApiKey}");
        var buffer = new byte[parameter.Length];
        return Convert.TryFromBase64String(parameter, buffer, out var written)
            && CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, written), expected);
    }

    private static bool CheckDigest(HttpRequestMessage request, byte[] body, string parameter, TelesignOptions account)
    {
        var colon = parameter.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !string.Equals(parameter[..colon], account.CustomerId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var received = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter[(colon + 1)..], received, out var length))
        {
            return false;
        }

        var computed = HMACSHA256.HashData(
            Convert.FromBase64String(account.ApiKey!),
            Encoding.UTF8.GetBytes(StringToSign(request, body)));
        return CryptographicOperations.FixedTimeEquals(received.AsSpan(0, length), computed);
    }

    /// <summary>The digest's string-to-sign, line by line as the official SDKs build it.</summary>
    public static string StringToSign(HttpRequestMessage request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        string? Header(string name) =>
            request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        var tsDate = Header("x-ts-date");
        var lines = new List<string>
        {
            request.Method.Method,
            request.Content?.Headers.ContentType?.ToString() ?? string.Empty,
            tsDate is null ? Header("Date") ?? string.Empty : string.Empty,
            $"x-ts-auth-method:{Header("x-ts-auth-method")}",
        };
        if (tsDate is not null)
        {
            lines.Add($"x-ts-date:{tsDate}");
        }

        lines.Add($"x-ts-nonce:{Header("x-ts-nonce")}");
        if (body.Length > 0)
        {
            lines.Add(Encoding.UTF8.GetString(body));
        }

        lines.Add(request.RequestUri?.AbsolutePath ?? string.Empty);
        return string.Join('\n', lines);
    }
}

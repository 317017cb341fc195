using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// Authenticates each attempt just before it leaves. It sits inside the resilience handler, so a retried
/// request gets a fresh Date and nonce (Telesign rejects a reused nonce), and it signs the exact bytes
/// that are then sent.
/// </summary>
internal sealed class TelesignAuthenticationHandler(IOptionsMonitor<TelesignOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var telesign = options.CurrentValue;
        var customerId = telesign.CustomerId ?? throw new InvalidOperationException("Telesign:CustomerId is not configured.");
        var apiKey = telesign.ApiKey ?? throw new InvalidOperationException("Telesign:ApiKey is not configured.");

        if (telesign.AuthMethod == TelesignAuthMethod.Basic)
        {
            Replace(request, "Authorization", TelesignAuthentication.BasicHeader(customerId, apiKey));
            return await base.SendAsync(request, cancellationToken);
        }

        string? body = null;
        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            body = Encoding.UTF8.GetString(bytes);
        }

        var date = time.GetUtcNow();
        var nonce = Guid.NewGuid().ToString();
        var stringToSign = TelesignAuthentication.DigestStringToSign(
            request.Method.Method,
            request.Content?.Headers.ContentType?.ToString() ?? string.Empty,
            date.ToString("r", CultureInfo.InvariantCulture),
            nonce,
            body,
            request.RequestUri!.AbsolutePath);
        var signature = TelesignAuthentication.DigestSignature(apiKey, stringToSign);

        request.Headers.Date = date;
        Replace(request, "x-ts-auth-method", TelesignAuthentication.DigestAuthMethod);
        Replace(request, "x-ts-nonce", nonce);
        Replace(request, "Authorization", TelesignAuthentication.DigestHeader(customerId, signature));
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Sets a header even when an earlier attempt of the same request set it already.</summary>
    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// Posts simulated events to the webhook over real HTTP, signed as Telesign signs them (docs/telesign-protocol.md,
/// Callback signatures): Base64(HMAC-SHA256(Base64-decoded API key, raw body)) in both <c>Authorization: TSA
/// {customer_id}:{sig}</c> and <c>X-TS-Authorization</c>.
/// </summary>
public sealed class SimulatorWebhookClient(
    HttpClient http,
    IOptions<TelesignOptions> telesign,
    IOptions<SimulatorOptions> simulator,
    IServer server)
{
    public async Task<WebhookReply> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var account = telesign.Value;
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(account.ApiKey!), body));
        using var request = new HttpRequestMessage(HttpMethod.Post, ResolveWebhookUrl())
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", $"TSA {account.CustomerId}:{signature}");
        request.Headers.TryAddWithoutValidation("X-TS-Authorization", signature);

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new WebhookReply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }

    public string? TryResolveWebhookUrl()
    {
        try
        {
            return ResolveWebhookUrl().ToString();
        }
        catch (InvalidOperationException)
        {
            // Hosts without an address (the in-memory test server) have nowhere to post until configured.
            return null;
        }
    }

    /// <summary><c>Simulator:WebhookUrl</c>, or this app's own listening address plus the webhook path.</summary>
    public Uri ResolveWebhookUrl()
    {
        if (!string.IsNullOrWhiteSpace(simulator.Value.WebhookUrl))
        {
            return new Uri(simulator.Value.WebhookUrl);
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "The simulator cannot tell where this app listens: set Simulator:WebhookUrl, e.g. http://localhost:8080/webhooks/telesign.");
        var root = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal));
        if (root.Host is "0.0.0.0" or "[::]" or "::")
        {
            root.Host = "localhost";
        }

        root.Path = telesign.Value.Webhook.Path;
        return root.Uri;
    }
}

/// <summary>What the webhook answered: status, media type and the raw body.</summary>
public sealed record WebhookReply(int StatusCode, string? MediaType, string Body);

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Polly.Timeout;

namespace TelesignVoice.Notifications;

/// <summary>
/// Sends one notification, signed, once: the resilience pipeline bounds the attempt's time, and the
/// dispatcher decides from the outcome when to try again (the schedule lives in the outbox, so it
/// survives a restart). Every connection goes through <see cref="ConnectAsync"/>, which refuses the
/// addresses <see cref="NotificationUrlPolicy"/> refuses, whatever the host's DNS says at that moment.
/// </summary>
public sealed class NotificationClient(HttpClient http, TimeProvider time)
{
    public const string HttpClientName = "notifications";
    public const string PipelineName = "notifications-attempt";

    public async Task<DeliveryOutcome> SendAsync(OutboxMessage message, IReadOnlyList<byte[]> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Encoding.UTF8.GetBytes(message.Payload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSigner.IdHeader, message.Id);
        request.Headers.TryAddWithoutValidation(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader, WebhookSigner.Sign(message.Id, timestamp, body, keys));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryOutcome(DeliveryResult.Delivered, status, null, null);
            }

            return new DeliveryOutcome(DeliveryResult.Retry, status, $"the receiver answered {status} {response.ReasonPhrase}".TrimEnd(), RetryAfter(response));
        }
        catch (HttpRequestException exception) when (FindRefusal(exception) is { } refusal)
        {
            return new DeliveryOutcome(DeliveryResult.Refused, null, refusal.Message, null);
        }
        catch (HttpRequestException exception)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, null, $"no answer: {exception.Message}", null);
        }
        catch (TimeoutRejectedException exception)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, null, $"no answer within {exception.Timeout.TotalSeconds:0.#} s", null);
        }
    }

    /// <summary>Connects only to addresses the policy allows, checked on the addresses actually resolved now.</summary>
    public static async ValueTask<Stream> ConnectAsync(NotificationUrlPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(policy.IsAllowed).ToArray();
        if (allowed.Length == 0)
        {
            var reasons = addresses.Select(address => $"{address} is {policy.Refusal(address)}");
            throw new NotificationAddressRefusedException($"{host} was not called: {string.Join("; ", reasons)}.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };

    private static NotificationAddressRefusedException? FindRefusal(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is NotificationAddressRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}

public enum DeliveryResult
{
    Delivered,

    /// <summary>Failed this time (an error status, no answer, a timeout); worth another attempt.</summary>
    Retry,

    /// <summary>The URL or its addresses are refused; no attempt will do better.</summary>
    Refused,
}

public sealed record DeliveryOutcome(DeliveryResult Result, int? Status, string? Error, TimeSpan? RetryAfter);

public sealed class NotificationAddressRefusedException : Exception
{
    public NotificationAddressRefusedException()
    {
    }

    public NotificationAddressRefusedException(string message)
        : base(message)
    {
    }

    public NotificationAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TelesignVoice.Notifications;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// A customer's receiver on real Kestrel (127.0.0.1, a free port, or a given one): it keeps every request
/// with its headers, verifies the Standard Webhooks signature with <see cref="Secret"/>, and answers 503
/// while told to fail.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_dGVzdCByZWNlaXZlciBzZWNyZXQsIDMyIGJ5dGVzIQ==";

    private readonly WebApplication _app;
    private readonly List<ReceivedNotification> _received = [];
    private int _failuresLeft;

    private NotificationReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>Answer 503 (with Retry-After when set) to this many requests, then 204.</summary>
    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public TimeSpan? RetryAfter { get; set; }

    public IReadOnlyList<ReceivedNotification> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<NotificationReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        NotificationReceiver? receiver = null;
        app.MapPost("/hooks", async (HttpContext context) => await receiver!.ReceiveAsync(context));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        receiver = new NotificationReceiver(app, address.Port);
        return receiver;
    }

    /// <summary>Waits (bounded) until the requests received satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<ReceivedNotification>> WaitForAsync(Func<IReadOnlyList<ReceivedNotification>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var received = Received;
            if (done(received))
            {
                return received;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The receiver got {Received.Count} requests, not what the test waited for.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        var verified = WebhookSigner.Verify(
            headers[WebhookSigner.IdHeader], headers[WebhookSigner.TimestampHeader], headers[WebhookSigner.SignatureHeader],
            body, [WebhookSigner.KeyOf(Secret)!], DateTimeOffset.UtcNow, WebhookSigner.DefaultTolerance);
        var fail = Interlocked.Decrement(ref _failuresLeft) >= 0;
        if (!fail)
        {
            Interlocked.Exchange(ref _failuresLeft, 0);
        }

        var status = fail ? StatusCodes.Status503ServiceUnavailable : verified ? StatusCodes.Status204NoContent : StatusCodes.Status401Unauthorized;
        lock (_received)
        {
            _received.Add(new ReceivedNotification(
                headers[WebhookSigner.IdHeader].ToString(),
                headers[WebhookSigner.TimestampHeader].ToString(),
                headers[WebhookSigner.SignatureHeader].ToString(),
                headers.ContentType.ToString(),
                System.Text.Encoding.UTF8.GetString(body),
                verified,
                status));
        }

        if (fail && RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
    }
}

public sealed record ReceivedNotification(string Id, string Timestamp, string Signature, string ContentType, string Body, bool Verified, int AnsweredStatus)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;
}

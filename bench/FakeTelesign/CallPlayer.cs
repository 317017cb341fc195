using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TelesignVoice.Simulator;

namespace FakeTelesign;

/// <summary>
/// Plays each accepted dial as an answered call that hangs up after its first prompt: after
/// <c>Fake:RingMilliseconds</c> it sends dial_completed (answered), then call_completed (the simulator's
/// bodies, <see cref="SimulatedEvents"/>), signed as
/// Telesign signs (docs/telesign-protocol.md, Callback signatures). An event that gets no answer is sent
/// again, as Telesign re-delivers, to the next webhook URL in turn, until <c>Fake:DeliverySeconds</c>
/// pass: a server killed mid-call gets the call's events once it is back.
/// </summary>
public sealed class CallPlayer(IHttpClientFactory http, IOptions<FakeOptions> options, IHostApplicationLifetime lifetime)
{
    public const string HttpClientName = "webhook";
    private static readonly TimeSpan RedeliveryDelay = TimeSpan.FromMilliseconds(250);

    private IReadOnlyList<string> _urls = [.. options.Value.WebhookUrls];
    private int _ended;
    private int _running;
    private int _abandoned;
    private uint _nextUrl;

    /// <summary>Where events go; a test changes them when its server restarts on another port.</summary>
    public IReadOnlyList<string> WebhookUrls
    {
        get => Volatile.Read(ref _urls);
        set => Volatile.Write(ref _urls, [.. value]);
    }

    public int CallsEnded => Volatile.Read(ref _ended);

    public int CallsRunning => Volatile.Read(ref _running);

    /// <summary>Calls whose events could not be delivered in time (or were refused for good).</summary>
    public int CallsAbandoned => Volatile.Read(ref _abandoned);

    public void Play(string referenceId, DialParams dial)
    {
        ArgumentNullException.ThrowIfNull(dial);
        if (WebhookUrls.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _running);
        _ = Task.Run(() => RunAsync(referenceId, dial), CancellationToken.None);
    }

    private async Task RunAsync(string referenceId, DialParams dial)
    {
        var stopping = lifetime.ApplicationStopping;
        var delivered = false;
        try
        {
            var created = DateTimeOffset.UtcNow;
            await Task.Delay(options.Value.RingMilliseconds, stopping);
            var answered = DateTimeOffset.UtcNow;
            var to = dial.To!;
            var from = dial.CallerIdNumber ?? string.Empty;
            delivered = await DeliverAsync(SimulatedEvents.DialCompleted(referenceId, dial.ExternalId, from, to, "answered"), stopping)
                && await DeliverAsync(SimulatedEvents.CallCompleted(referenceId, dial.ExternalId, EndOfCall(created, answered, to, from)), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The fake stops: the call is abandoned.
        }
        finally
        {
            Interlocked.Increment(ref delivered ? ref _ended : ref _abandoned);
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task<bool> DeliverAsync(byte[] body, CancellationToken cancellationToken)
    {
        var client = http.CreateClient(HttpClientName);
        var giveUp = DateTime.UtcNow.AddSeconds(options.Value.DeliverySeconds);
        var first = Interlocked.Increment(ref _nextUrl);
        while (DateTime.UtcNow < giveUp)
        {
            var urls = WebhookUrls;
            for (var i = 0; i < urls.Count; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, urls[(int)((first + (uint)i) % (uint)urls.Count)])
                {
                    Content = new ByteArrayContent(body),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                Sign(request, body);
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return true;
                    }

                    if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout) && (int)response.StatusCode < 500)
                    {
                        // Refused for good (a bad signature, a wrong path): sending it again changes nothing.
                        return false;
                    }
                }
                catch (HttpRequestException)
                {
                    // Nobody listens there now (a server being restarted): the next URL, or the next round.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The webhook did not answer in time: Telesign sends the event again.
                }
            }

            await Task.Delay(RedeliveryDelay, cancellationToken);
        }

        return false;
    }

    private void Sign(HttpRequestMessage request, byte[] body)
    {
        if (options.Value.ApiKey is not { Length: > 0 } key)
        {
            return;
        }

        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), body));
        request.Headers.TryAddWithoutValidation("Authorization", $"TSA {options.Value.CustomerId}:{signature}");
        request.Headers.TryAddWithoutValidation("X-TS-Authorization", signature);
    }

    /// <summary>The caller hangs up a second after answering.</summary>
    private static EndOfCallRecord EndOfCall(DateTimeOffset created, DateTimeOffset answered, string to, string from)
    {
        var ended = DateTimeOffset.UtcNow.AddSeconds(1);
        return new EndOfCallRecord((int)Math.Round((ended - answered).TotalSeconds), created, answered, ended, "hangup", to, from, "outbound");
    }
}

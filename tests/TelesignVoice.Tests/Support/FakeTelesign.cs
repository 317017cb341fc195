using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// Telesign's REST API in process: records every request that reaches it and answers from a script, in
/// order; with the script empty it accepts the dial with a fresh reference_id.
/// </summary>
public sealed class FakeTelesign : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public FakeTelesign Then(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public FakeTelesign ThenAnswer(HttpStatusCode status, string body) =>
        Then((_, _) => Task.FromResult(Json(status, body)));

    public FakeTelesign ThenAccept(string referenceId) =>
        ThenAnswer(HttpStatusCode.Accepted, $$"""{"reference_id":"{{referenceId}}","status":"dial_accepted"}""");

    public FakeTelesign ThenStatus(HttpStatusCode status, string telesignStatus) =>
        ThenAnswer(status, $$"""{"reference_id":"{{Guid.NewGuid():N}}","status":"{{telesignStatus}}"}""");

    /// <summary>Fails like a refused TCP connection: nothing was sent.</summary>
    public FakeTelesign ThenRefuseConnection() =>
        Then((_, _) => throw new HttpRequestException(
            HttpRequestError.ConnectionError,
            "Connection refused (rest-ww.telesign.com:443)",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

    /// <summary>Receives the request and never answers: only a timeout ends the wait.</summary>
    public FakeTelesign ThenHang() =>
        Then(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ContentType?.ToString(),
            body);
        _requests.Enqueue(recorded);
        if (_script.TryDequeue(out var answer))
        {
            return await answer(recorded, cancellationToken);
        }

        return Json(HttpStatusCode.Accepted, $$"""{"reference_id":"{{Guid.NewGuid():N}}","status":"dial_accepted"}""");
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };
}

public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}

public static class FakeTelesignExtensions
{
    /// <summary>The app with its Telesign client talking to <paramref name="telesign"/> instead of the network.</summary>
    public static WebApplicationFactory<Program> WithTelesign(this TelesignVoiceFactory factory, FakeTelesign telesign, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(collection =>
        {
            collection.AddHttpClient(TelesignClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => telesign);
            services?.Invoke(collection);
        }));
    }

    public static HttpClient CreateOperatorClient(this WebApplicationFactory<Program> factory, string apiKey = TestAccount.OperatorKey)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

/// <summary>The app with fast Telesign retries, for the operator API tests.</summary>
public sealed class CallsFactory : TelesignVoiceFactory
{
    public CallsFactory() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Telesign:Resilience:RetryBaseDelay"] = "00:00:00.001",
            ["Telesign:Resilience:AttemptTimeout"] = "00:00:00.300",
            ["Telesign:Resilience:CircuitBreaker:MinimumThroughput"] = "1000",
        });
}

public static class OperatorApi
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostCallAsync(
        this HttpClient client, string json, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/calls")
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static string? Text(this JsonNode? node, string name) => node?[name]?.GetValue<string>();
}

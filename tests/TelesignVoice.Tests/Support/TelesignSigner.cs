using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace TelesignVoice.Tests.Support;

/// <summary>Signs bodies the way Telesign does (docs/telesign-protocol.md, Callback signatures), independently of the code under test.</summary>
public static class TelesignSigner
{
    public static string Sign(byte[] body, string apiKey = TestAccount.ApiKey) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(apiKey), body));

    /// <summary>A webhook request as Telesign sends it: JSON body, both signature headers.</summary>
    public static HttpRequestMessage SignedEvent(string body, string path = "/webhooks/telesign", string apiKey = TestAccount.ApiKey)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = Sign(bytes, apiKey);
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", $"TSA {TestAccount.CustomerId}:{signature}");
        request.Headers.TryAddWithoutValidation("X-TS-Authorization", signature);
        return request;
    }

    /// <summary>Posts a signed event and returns the action answered, asserting 200.</summary>
    public static async Task<string> PostSignedEventAsync(this HttpClient client, string body)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = SignedEvent(body);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

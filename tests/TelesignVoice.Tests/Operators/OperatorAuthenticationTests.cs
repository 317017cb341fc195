using System.Net;
using System.Text.Json.Nodes;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Operators;

public sealed class NoOperatorKeysFactory : TelesignVoiceFactory
{
    public NoOperatorKeysFactory() =>
        WithSettings(new Dictionary<string, string?> { ["Operators:ApiKeys:0"] = string.Empty });
}

public sealed class RateLimitedFactory : TelesignVoiceFactory
{
    public RateLimitedFactory() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Operators:RateLimit:PermitLimit"] = "2",
            ["Operators:RateLimit:WindowSeconds"] = "600",
        });
}

public class OperatorAuthenticationTests(TelesignVoiceFactory factory) : IClassFixture<TelesignVoiceFactory>
{
    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("send X-Api-Key", body.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/calls")]
    [InlineData("/calls/any-reference")]
    public async Task Request_without_a_key_is_refused_with_401(string path)
    {
        using var client = factory.CreateClient();

        await AssertRefusedAsync(await client.GetAsync(new Uri(path, UriKind.Relative)));
    }

    [Fact]
    public async Task Request_with_a_wrong_key_is_refused_with_401()
    {
        using var client = factory.CreateOperatorClient("test-operator-key-5f1c2a9f");

        await AssertRefusedAsync(await client.GetAsync(new Uri("/calls", UriKind.Relative)));
    }

    [Fact]
    public async Task Telesign_signature_is_no_operator_key()
    {
        using var client = factory.CreateClient();
        using var request = TelesignSigner.SignedEvent("""{"to":"15555551212"}""", path: "/calls");

        await AssertRefusedAsync(await client.SendAsync(request));
    }

    [Fact]
    public async Task Webhook_does_not_accept_an_operator_key_instead_of_a_signature()
    {
        using var client = factory.CreateOperatorClient();
        using var content = new StringContent(Fixture.Read("event-incoming_call.json"), System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri("/webhooks/telesign", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_with_the_right_key_is_let_through()
    {
        using var client = factory.CreateOperatorClient();

        var response = await client.GetAsync(new Uri("/calls", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public class EmptyOperatorKeysTests(NoOperatorKeysFactory factory) : IClassFixture<NoOperatorKeysFactory>
{
    [Fact]
    public async Task With_no_keys_configured_every_request_is_refused()
    {
        using var client = factory.CreateOperatorClient(string.Empty);
        using var withSomeKey = factory.CreateOperatorClient();

        var none = await client.GetAsync(new Uri("/calls", UriKind.Relative));
        var some = await withSomeKey.GetAsync(new Uri("/calls", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, some.StatusCode);
    }
}

public class OperatorRateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Requests_over_the_limit_get_429_with_retry_after()
    {
        using var client = factory.CreateOperatorClient();

        var first = await client.GetAsync(new Uri("/calls", UriKind.Relative));
        var second = await client.GetAsync(new Uri("/calls", UriKind.Relative));
        var third = await client.GetAsync(new Uri("/calls", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.InRange(third.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
    }
}

public class UnauthenticatedRateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Rotating_random_wrong_keys_from_one_client_still_gets_429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var client = factory.CreateOperatorClient($"made-up-key-{Guid.NewGuid():N}");
            statuses.Add((await client.GetAsync(new Uri("/calls", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            statuses);
    }
}

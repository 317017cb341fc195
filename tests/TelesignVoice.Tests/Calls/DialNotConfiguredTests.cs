using System.Net;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

/// <summary>A server that only answers webhooks: no customer ID, yet it starts and serves events.</summary>
public sealed class WebhookOnlyFactory : TelesignVoiceFactory
{
    public WebhookOnlyFactory() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Telesign:CustomerId"] = string.Empty,
            ["Telesign:Webhook:RequireSignature"] = "false",
            ["Security:AllowUnsafeSettings"] = "true",
        });
}

public class DialNotConfiguredTests(WebhookOnlyFactory factory) : IClassFixture<WebhookOnlyFactory>
{
    [Fact]
    public async Task Call_without_customer_id_is_503_naming_the_key_and_nothing_is_sent()
    {
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Telesign:CustomerId is not configured", body.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(telesign.Requests);
    }

    [Fact]
    public async Task Webhook_still_works_without_dial_credentials()
    {
        using var client = factory.CreateClient();
        using var request = TelesignSigner.SignedEvent(Fixture.Read("event-incoming_call.json"));
        // Without a customer ID only the bare signature header can be checked.
        request.Headers.Remove("Authorization");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"method\":\"play\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

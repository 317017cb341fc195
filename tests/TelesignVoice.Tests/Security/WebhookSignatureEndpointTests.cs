using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Security;

public class WebhookSignatureEndpointTests(TelesignVoiceFactory factory) : IClassFixture<TelesignVoiceFactory>
{
    private static string NewEvent() =>
        $$$"""{"event":"incoming_call","reference_id":"{{{Guid.NewGuid():N}}}","data":{"to":"15558675309","from":"15555551212"}}""";

    private static HttpRequestMessage Unsigned(string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telesign") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    [Fact]
    public async Task Event_signed_as_Telesign_signs_it_is_answered()
    {
        using var client = factory.CreateClient();
        using var request = TelesignSigner.SignedEvent(NewEvent());

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("play", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Event_with_one_byte_changed_is_rejected_with_401()
    {
        var body = NewEvent();
        var signature = TelesignSigner.Sign(Encoding.UTF8.GetBytes(body));
        using var client = factory.CreateClient();
        using var request = Unsigned(body.Replace("15555551212", "15555551213", StringComparison.Ordinal), ("X-TS-Authorization", signature));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Authorization", "")]
    [InlineData("Authorization", "TSA nonsense")]
    [InlineData("Authorization", "Bearer abc")]
    [InlineData("X-TS-Authorization", "%%%")]
    [InlineData("X-Api-Key", "test-operator-key")]
    public async Task Unsigned_or_badly_signed_event_gets_the_same_401(string? header, string? value)
    {
        using var client = factory.CreateClient();
        using var request = header is null ? Unsigned(NewEvent()) : Unsigned(NewEvent(), (header, value!));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Equal("The request does not carry a valid Telesign signature.", detail);
    }

    [Fact]
    public async Task Log_only_mode_accepts_a_bad_signature_and_still_answers()
    {
        using var logOnly = new TelesignVoiceFactory().WithSettings([new("Telesign:Webhook:RequireSignature", "false"), new("Security:AllowUnsafeSettings", "true")]);
        using var client = logOnly.CreateClient();
        using var request = Unsigned(NewEvent(), ("X-TS-Authorization", Convert.ToBase64String(new byte[32])));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Startup_refuses_to_run_when_enforcement_is_on_and_no_key_is_set()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Telesign__ApiKey"] = "",
            ["Storage__Provider"] = "InMemory",
        };

        var (exitCode, output) = await AppProcess.RunToExitAsync(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Telesign:ApiKey is not set", output, StringComparison.Ordinal);
        Assert.Contains("Telesign:Webhook:RequireSignature", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_refuses_an_otlp_endpoint_that_is_not_a_url_and_names_the_key()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Telesign__ApiKey"] = TestAccount.ApiKey,
            ["Storage__Provider"] = "InMemory",
            ["Observability__OtlpEndpoint"] = "not a url",
        };

        var (exitCode, output) = await AppProcess.RunToExitAsync(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Observability:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) must be an absolute URL", output, StringComparison.Ordinal);
    }
}

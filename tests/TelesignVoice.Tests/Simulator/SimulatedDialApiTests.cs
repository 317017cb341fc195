using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>The simulated POST /v2/voice, reached through the app's own "Telesign" HTTP client.</summary>
public class SimulatedDialApiTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    private const string ValidDial = """{"method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313"}}""";

    private static string Basic(string customerId, string apiKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{customerId}:{apiKey}"));

    private async Task<(HttpStatusCode Status, JsonElement Body)> DialAsync(string body, string? basic = null, string mediaType = "application/json")
    {
        using var client = host.CreateTelesignClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/voice") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (basic != string.Empty)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic ?? Basic(TestAccount.CustomerId, TestAccount.ApiKey));
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Valid_dial_is_accepted_with_a_32_hex_reference_id_and_the_external_id_echoed()
    {
        var (status, body) = await DialAsync("""{"method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313","external_id":"ext-1"}}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("dial_accepted", body.GetProperty("status").GetString());
        Assert.Matches("^[0-9A-F]{32}$", body.GetProperty("reference_id").GetString());
        Assert.Equal("ext-1", body.GetProperty("external_id").GetString());
    }

    [Theory]
    [InlineData("", "credentials_not_provided")]
    [InlineData("d3Jvbmc6Y3JlZGVudGlhbHM=", "not_authorized")]
    public async Task Missing_or_wrong_credentials_get_401(string basic, string expected)
    {
        var (status, body) = await DialAsync(ValidDial, basic);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(expected, body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"method":"dial","params":{"caller_id_number":"15554441313"}}""", "to_number_not_provided")]
    [InlineData("""{"method":"dial","params":{"to":"+1 555 555 1212","caller_id_number":"15554441313"}}""", "invalid_phone_number")]
    [InlineData("""{"method":"dial","params":{"to":"15555551212"}}""", "caller_id_number_not_provided")]
    [InlineData("""{"method":"hangup","params":{}}""", "unsupported_call_state")]
    [InlineData("""{"method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313","max_call_duration":600}}""", "invalid_action")]
    [InlineData("not json", "invalid_action")]
    public async Task Dial_that_Telesign_would_refuse_gets_400_with_its_status(string body, string expected)
    {
        var (status, answer) = await DialAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(expected, answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Form_encoded_dial_is_refused()
    {
        var (status, answer) = await DialAsync("method=dial", mediaType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Content-Type must be application/json", answer.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Dial_to_a_blocked_number_is_a_200_rejection()
    {
        var (status, body) = await DialAsync("""{"method":"dial","params":{"to":"15550000000","caller_id_number":"15554441313"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("to_number_blocked_by_customer", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Digest_signed_dial_is_accepted_and_signed_like_the_reference_vector()
    {
        using var client = host.CreateTelesignClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/voice") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ValidDial)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Date", "Wed, 14 Dec 2016 18:20:12 GMT");
        request.Headers.TryAddWithoutValidation("x-ts-auth-method", "HMAC-SHA256");
        request.Headers.TryAddWithoutValidation("x-ts-nonce", "A1592C6F-E384-4CDB-BC42-C3AB970369E9");
        request.Headers.TryAddWithoutValidation("Authorization", $"TSA {TestAccount.CustomerId}:RghFBWPXGv6GAR/b0i0+CzOJN9lhjMmQN9saPdYoTJ8=");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Digest_with_a_wrong_signature_gets_401_not_authorized()
    {
        using var client = host.CreateTelesignClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/voice") { Content = new StringContent(ValidDial, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("x-ts-nonce", "A1592C6F-E384-4CDB-BC42-C3AB970369E9");
        request.Headers.TryAddWithoutValidation("Authorization", $"TSA {TestAccount.CustomerId}:RghFBWPXGv6GAR/b0i0+CzOJN9lhjMmQN9saPdYoTJ8=");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not_authorized", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Injected_faults_answer_the_next_dials_then_dials_are_accepted_again()
    {
        var faults = host.Services.GetService(typeof(SimulatorFaults)) as SimulatorFaults;
        faults!.Set(new FaultSettings(RateLimitedDials: 1, ServerErrorDials: 1, ServerErrorStatus: 502));

        var first = await DialAsync(ValidDial);
        var second = await DialAsync(ValidDial);
        var third = await DialAsync(ValidDial);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.Status);
        Assert.Equal("rate_limit_exceeded", first.Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadGateway, second.Status);
        Assert.Equal(HttpStatusCode.Accepted, third.Status);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Webhooks;

public class WebhookEndpointTests(TelesignVoiceFactory factory) : IClassFixture<TelesignVoiceFactory>
{
    private const string SeedPlayAction =
        """{"jsonrpc":"2.0","method":"play","params":{"url":"https://url-pointing-to-audio-file.com/file.wav","collect_digits":{"max":5,"timeout":10000,"inter_digit_timeout":3000,"terminators":"*"}}}""";

    private const string HangupAction = """{"jsonrpc":"2.0","method":"hangup","params":{}}""";

    private async Task<(HttpResponseMessage Response, string Body)> PostSignedAsync(string body)
    {
        using var client = factory.CreateClient();
        using var request = TelesignSigner.SignedEvent(body);
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string UniqueEvent(string eventName, string data) =>
        $$"""{"event":"{{eventName}}","reference_id":"{{Guid.NewGuid():N}}","data":{{data}}}""";

    [Fact]
    public async Task Answered_dial_completed_of_a_placed_call_gets_the_seed_play_and_collect_action()
    {
        var dialCompleted = Fixture.Read("event-dial_completed.json");
        await PlacedCalls.SeedAsync(factory.Services, JsonDocument.Parse(dialCompleted).RootElement.GetProperty("reference_id").GetString());

        var (response, body) = await PostSignedAsync(dialCompleted);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonAssert.Equivalent(SeedPlayAction, body);
    }

    [Fact]
    public async Task Incoming_call_gets_the_same_prompt()
    {
        var (response, body) = await PostSignedAsync(Fixture.Read("event-incoming_call.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equivalent(SeedPlayAction, body);
    }

    [Theory]
    [InlineData("dial_completed", """{"to":"15558675309","from":"15555551212","status":"busy"}""")]
    [InlineData("speak_completed", """{"status":"speak_successful","collected_digits":"1"}""")]
    [InlineData("play_completed", """{"status":"play_successful","collected_digits":"12345"}""")]
    [InlineData("call_leg_completed", """{"to":"15558675309","from":"15555551212"}""")]
    [InlineData("call_completed", """{"duration":6,"status":"hangup","direction":"outbound"}""")]
    public async Task Other_events_and_statuses_hang_up(string eventName, string data)
    {
        var (response, body) = await PostSignedAsync(UniqueEvent(eventName, data));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HangupAction, body);
    }

    [Theory]
    [InlineData("incoming_call", """{"to":15558675309,"from":15555551212}""", "play")]
    [InlineData("incoming_call", """{"to":{"x":1},"from":[1]}""", "play")]
    [InlineData("speak_completed", """{"status":"speak_successful","collected_digits":1}""", "hangup")]
    [InlineData("call_completed", """{"duration":6.5,"status":"hangup"}""", "hangup")]
    [InlineData("dial_completed", "null", "hangup")]
    [InlineData("dial_completed", "[]", "hangup")]
    public async Task Event_data_of_unexpected_types_is_still_answered(string eventName, string data, string method)
    {
        var (response, body) = await PostSignedAsync(UniqueEvent(eventName, data));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(method, JsonDocument.Parse(body).RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Unknown_event_gets_the_fallback_action()
    {
        var (response, body) = await PostSignedAsync(UniqueEvent("recording_completed", """{"file":"x.wav"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HangupAction, body);
    }

    [Fact]
    public async Task Same_event_delivered_twice_gets_the_identical_answer()
    {
        var evt = UniqueEvent("dial_completed", """{"to":"15558675309","from":"15555551212","status":"answered"}""");

        var (_, first) = await PostSignedAsync(evt);
        var (second, secondBody) = await PostSignedAsync(evt);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first, secondBody);
    }

    [Theory]
    [InlineData("{\"event\":\"dial_completed\",", "line 1")]
    [InlineData("not json", "line 1, byte ")]
    [InlineData("{\"event\":5,\"reference_id\":\"x\",\"data\":{}}", "$.event")]
    [InlineData("[1,2]", "line 1")]
    public async Task Malformed_json_is_a_400_problem_saying_where(string body, string where)
    {
        var (response, text) = await PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString();
        Assert.Contains(where, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"reference_id":"R1","data":{}}""", "event")]
    [InlineData("""{"event":"dial_completed","data":{}}""", "reference_id")]
    [InlineData("""{"event":"","reference_id":"","data":{}}""", "event")]
    [InlineData("null", "reference_id")]
    [InlineData("""{"event":"dial_completed","reference_id":"a\u0000b","data":{}}""", "reference_id")]
    [InlineData("""{"event":"dial\u0007completed","reference_id":"R2","data":{}}""", "event")]
    [InlineData("""{"event":"dial_completed","reference_id":"R3","external_id":"x\u0000","data":{}}""", "external_id")]
    public async Task Missing_event_or_reference_id_is_a_400_naming_the_field(string body, string field)
    {
        var (response, text) = await PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors should name {field}: {text}");
    }

    [Fact]
    public async Task Body_that_is_not_json_is_a_415()
    {
        using var client = factory.CreateClient();
        var body = Encoding.UTF8.GetBytes("event=dial_completed");
        using var request = TelesignSigner.SignedEvent("x");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Body_over_64_KiB_is_a_413()
    {
        var padding = new string('a', 65 * 1024);
        var (response, _) = await PostSignedAsync(UniqueEvent("dial_completed", $$"""{"pad":"{{padding}}"}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_also_a_413()
    {
        using var client = factory.CreateClient();
        using var request = TelesignSigner.SignedEvent(UniqueEvent("dial_completed", $$"""{"pad":"{{new string('b', 70 * 1024)}}"}"""));
        var bytes = await request.Content!.ReadAsByteArrayAsync();
        var auth = request.Headers.GetValues("Authorization").Single();
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telesign")
        {
            Content = new StreamContent(new MemoryStream(bytes)),
        };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TryAddWithoutValidation("Authorization", auth);

        var response = await client.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

public class CallQueryEndpointTests(CallsFactory factory) : IClassFixture<CallsFactory>
{
    [Fact]
    public async Task Calls_are_listed_newest_first_in_pages()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-LIST-A").ThenAccept("REF-LIST-B").ThenAccept("REF-LIST-C");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();
        foreach (var to in new[] { "15555550001", "15555550002", "15555550003" })
        {
            await client.PostCallAsync($$"""{"to":"{{to}}"}""");
        }

        var (_, first) = await client.GetJsonAsync("/calls?limit=2");
        var (_, second) = await client.GetJsonAsync($"/calls?limit=2&cursor={first.Text("next_cursor")}");

        Assert.Equal(["REF-LIST-C", "REF-LIST-B"], first!["calls"]!.AsArray().Select(c => c.Text("reference_id")));
        Assert.Equal(["REF-LIST-A"], second!["calls"]!.AsArray().Select(c => c.Text("reference_id")));
        Assert.Null(second["next_cursor"]);
        Assert.Equal("15555550001", second["calls"]![0].Text("to"));
    }

    [Fact]
    public async Task Calls_can_be_filtered_by_status()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-FILTER-OK").ThenAnswer(HttpStatusCode.InternalServerError, "{}");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();
        await client.PostCallAsync("""{"to":"15555550001"}""");
        await client.PostCallAsync("""{"to":"15555550002","external_id":"filter-unknown"}""");

        var (_, unknown) = await client.GetJsonAsync("/calls?status=unknown");
        var (_, dialing) = await client.GetJsonAsync("/calls?status=dialing");

        Assert.Equal(["unknown-filter-unknown"], unknown!["calls"]!.AsArray().Select(c => c.Text("reference_id")));
        Assert.Equal(["REF-FILTER-OK"], dialing!["calls"]!.AsArray().Select(c => c.Text("reference_id")));
    }

    [Fact]
    public async Task Bad_query_is_a_400_naming_each_parameter()
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.GetJsonAsync("/calls?status=ringing&limit=101&cursor=%21%21");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["cursor", "limit", "status"], body!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("-5")]
    public async Task Limit_outside_1_to_100_is_refused(string limit)
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.GetJsonAsync($"/calls?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["limit"]);
    }

    [Fact]
    public async Task Unknown_call_is_a_404_problem()
    {
        using var client = factory.CreateOperatorClient();

        var (response, body) = await client.GetJsonAsync("/calls/NO-SUCH-CALL");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NO-SUCH-CALL", body.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_shows_its_event_timeline_digits_and_end_of_call_after_webhooks()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-TIMELINE");
        await using var host = factory.WithTelesign(telesign);
        using var operators = host.CreateOperatorClient();
        using var webhook = host.CreateClient();
        await operators.PostCallAsync("""{"to":"15558675309","external_id":"tl-1","flow":"default","variables":{"name":"Ada"}}""");

        await PostEventAsync(webhook, """{"event":"dial_completed","reference_id":"REF-TIMELINE","external_id":"tl-1","data":{"to":"15558675309","from":"15554441313","status":"answered"}}""");
        await PostEventAsync(webhook, """{"event":"play_completed","reference_id":"REF-TIMELINE","data":{"status":"play_successful","collected_digits":"42"}}""");
        await PostEventAsync(webhook, """{"event":"call_completed","reference_id":"REF-TIMELINE","data":{"duration":6,"created_on_utc":"2019-03-15T06:48:22.151","answered_on_utc":"2019-03-15T06:48:24.151","ended_on_utc":"2019-03-15T06:48:28.151","status":"hangup","audio_recording_file_name":null,"to":"15558675309","from":"15554441313","direction":"outbound"}}""");
        var (_, call) = await operators.GetJsonAsync("/calls/REF-TIMELINE");

        Assert.Equal("completed", call.Text("status"));
        Assert.Equal("default", call.Text("flow"));
        Assert.Equal("Ada", call!["variables"]!["name"]!.GetValue<string>());
        Assert.Equal("42", call["digits"]![0].Text("digits"));
        var events = call["events"]!.AsArray();
        Assert.Equal(["dial_completed", "play_completed", "call_completed"], events.Select(e => e.Text("event")));
        Assert.Equal("answered", events[0]!["body"]!["data"].Text("status"));
        Assert.Equal("play", events[0]!["action"].Text("method"));
        Assert.Equal("hangup", events[1]!["action"].Text("method"));
        Assert.NotNull(events[0]!["received_at"]);
        var end = call["end_of_call"]!;
        Assert.Equal(6, end["duration"]!.GetValue<int>());
        Assert.Equal("2019-03-15T06:48:24.151", end.Text("answered_on_utc"));
        Assert.Equal("hangup", end.Text("status"));
        Assert.Single(call["dials"]!.AsArray());
    }

    [Fact]
    public async Task Dial_with_unknown_outcome_continues_in_its_flow_when_Telesign_reports_it_after_all()
    {
        using var telesign = new FakeTelesign().ThenAnswer(HttpStatusCode.InternalServerError, "oops");
        await using var host = factory.WithTelesign(telesign);
        using var operators = host.CreateOperatorClient();
        using var webhook = host.CreateClient();
        await operators.PostCallAsync("""{"to":"15558675309","external_id":"late-1","flow":"appointment-reminder","variables":{"name":"Ada","when":"Tuesday"}}""");

        using var request = TelesignSigner.SignedEvent("""{"event":"dial_completed","reference_id":"REF-LATE","external_id":"late-1","data":{"to":"15558675309","from":"15554441313","status":"answered"}}""");
        var response = await webhook.SendAsync(request);
        var action = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var (_, call) = await operators.GetJsonAsync("/calls/REF-LATE");

        Assert.Equal("speak", action.Text("method"));
        Assert.StartsWith("Hello Ada. This is a reminder of your appointment on Tuesday.", action["params"]!["tts"].Text("message"), StringComparison.Ordinal);
        Assert.Equal("appointment-reminder", call.Text("flow"));
        Assert.Equal("late-1", call.Text("external_id"));
        Assert.Equal("in_progress", call.Text("status"));
    }

    private static async Task PostEventAsync(HttpClient client, string body)
    {
        using var request = TelesignSigner.SignedEvent(body);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["method"]);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

public class PlaceCallEndpointTests(CallsFactory factory) : IClassFixture<CallsFactory>
{
    [Fact]
    public async Task Accepted_call_answers_202_with_location_and_is_recorded_with_its_flow()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-PLACED-1");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""
            {"to":"+1 (555) 555-1212","caller_id_number":"1-555-444-1313","flow":"appointment-reminder","external_id":"appt-42",
             "max_call_duration":600,"send_dtmf":"ww12#","variables":{"name":"Ada","when":"Tuesday at 10:30"}}
            """);
        var (_, call) = await client.GetJsonAsync("/calls/REF-PLACED-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/calls/REF-PLACED-1", response.Headers.Location?.ToString());
        JsonAssert.Equivalent("""{"reference_id":"REF-PLACED-1","external_id":"appt-42","status":"dialing"}""", body!.ToJsonString());
        var sent = Assert.Single(telesign.Requests);
        JsonAssert.Equivalent(
            """{"jsonrpc":"2.0","method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313","external_id":"appt-42","max_call_duration":"600","send_dtmf":"ww12#"}}""",
            sent.Body);
        Assert.Equal("outbound", call.Text("direction"));
        Assert.Equal("dialing", call.Text("status"));
        Assert.Equal("appointment-reminder", call.Text("flow"));
        Assert.Equal("15555551212", call.Text("to"));
        Assert.Equal("15554441313", call.Text("from"));
        Assert.Equal("Ada", call!["variables"]!["name"]!.GetValue<string>());
        var dial = Assert.Single(call["dials"]!.AsArray());
        Assert.Equal("accepted", dial.Text("outcome"));
        Assert.Equal(202, dial!["http_status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_flow_is_refused_with_400_before_anything_is_dialled()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-NEVER");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212","flow":"no-such-flow"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = body!["errors"]!["flow"]![0]!.GetValue<string>();
        Assert.Contains("There is no flow named 'no-such-flow'", message, StringComparison.Ordinal);
        Assert.Contains("appointment-reminder", message, StringComparison.Ordinal);
        Assert.Empty(telesign.Requests);
    }

    [Fact]
    public async Task Missing_flow_variables_are_refused_with_400_naming_each_one()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-NEVER");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212","flow":"appointment-reminder","variables":{"name":"Ada"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(["variables.when"], errors.Select(error => error.Key));
        Assert.Equal("The flow 'appointment-reminder' uses {when}: give it a value in variables.", errors["variables.when"]![0]!.GetValue<string>());
        Assert.Empty(telesign.Requests);
    }

    [Fact]
    public async Task Caller_id_and_external_id_default_when_absent()
    {
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = JsonNode.Parse(Assert.Single(telesign.Requests).Body)!["params"]!;
        Assert.Equal("15554441313", sent.Text("caller_id_number"));
        Assert.True(Guid.TryParse(body.Text("external_id"), out _));
        Assert.Equal(body.Text("external_id"), sent.Text("external_id"));
    }

    [Fact]
    public async Task Every_bad_field_is_named_and_nothing_is_dialled()
    {
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""
            {"to":"555-CALL-NOW","caller_id_number":"123","flow":"../etc","external_id":"has space",
             "max_call_duration":14401,"send_dtmf":"12x","variables":{"1bad":"v"}}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(
            ["caller_id_number", "external_id", "flow", "max_call_duration", "send_dtmf", "to", "variables.1bad"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("country code", errors["to"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("14400", errors["max_call_duration"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(telesign.Requests);
    }

    [Theory]
    [InlineData("""{"to":"15555551212","variables":{"name":"A\u0000da"}}""")]
    [InlineData("""{"to":"15555551212","variables":{"name":"Ada\u001b[31m"}}""")]
    public async Task Variable_value_with_a_control_character_is_refused_before_anything_is_dialled(string json)
    {
        // Found by fuzzing: PostgreSQL cannot store U+0000, so such a call rang but was never recorded.
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control characters", body!["errors"]!["variables.name"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(telesign.Requests);
    }

    [Fact]
    public async Task Missing_to_is_required()
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("to is required", body!["errors"]!["to"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"to":"15555551212",""", "body")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"to":15555551212}""", "to")]
    [InlineData("""{"to":"15555551212","max_call_duration":"ten"}""", "max_call_duration")]
    [InlineData("""{"to":"15555551212","variables":{"n":1}}""", "variables.n")]
    [InlineData("""{"to":"15555551212","caller_id":"15554441313"}""", "caller_id")]
    public async Task Malformed_body_is_a_400_naming_the_field(string json, string field)
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(body!["errors"]![field]);
    }

    [Fact]
    public async Task Max_call_duration_may_be_a_string_of_digits()
    {
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, _) = await client.PostCallAsync("""{"to":"15555551212","max_call_duration":"90"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("90", JsonNode.Parse(telesign.Requests[0].Body)!["params"].Text("max_call_duration"));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "premium_to_number_rejected")]
    [InlineData(HttpStatusCode.OK, "to_number_blocked_by_customer")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_phone_number")]
    [InlineData(HttpStatusCode.BadRequest, "caller_id_number_not_owned")]
    public async Task Number_refused_by_Telesign_is_422_with_its_status(HttpStatusCode telesignStatus, string status)
    {
        using var telesign = new FakeTelesign().ThenStatus(telesignStatus, status);
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"19005551212"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, body.Text("telesign_status"));
        Assert.Contains(status, body.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limited_by_Telesign_is_503_with_retry_after()
    {
        using var telesign = new FakeTelesign();
        for (var i = 0; i < 4; i++)
        {
            telesign.ThenStatus(HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        }

        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("rate_limit_exceeded", body.Text("telesign_status"));
    }

    [Fact]
    public async Task Credentials_refused_by_Telesign_is_502()
    {
        using var telesign = new FakeTelesign().ThenStatus(HttpStatusCode.Unauthorized, "not_authorized");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212"}""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Telesign:ApiKey", body.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_outcome_is_504_and_the_call_is_recorded_as_unknown()
    {
        using var telesign = new FakeTelesign().ThenAnswer(HttpStatusCode.InternalServerError, "oops");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212","external_id":"ext-unknown-1"}""");
        var (_, call) = await client.GetJsonAsync($"/calls/{body.Text("reference_id")}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("Do not retry blindly", body.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("unknown-ext-unknown-1", body.Text("reference_id"));
        Assert.Equal("unknown", call.Text("status"));
        var dial = Assert.Single(call!["dials"]!.AsArray());
        Assert.Equal("oops", dial!["response"]!.GetValue<string>());
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_415()
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();
        using var content = new FormUrlEncodedContent([new("to", "15555551212")]);

        var response = await client.PostAsync(new Uri("/calls", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_cut_short_is_reported_as_the_body_not_as_the_field_it_stopped_in()
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212","flow":"appoint""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(["body"], errors.Select(e => e.Key));
        Assert.Contains("not well-formed JSON at line 1", errors["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_of_the_wrong_kind_says_what_it_takes()
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212","variables":["a"]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("variables must be an object of string values.", body!["errors"]!["variables"]![0]!.GetValue<string>());
    }
}

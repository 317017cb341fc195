using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Telesign;
using TelesignVoice.Telesign.Client;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Telesign;

/// <summary>Fast retries and a short attempt timeout; the circuit stays closed (see TelesignCircuitTests).</summary>
public sealed class TelesignClientFactory : TelesignVoiceFactory
{
    public TelesignClientFactory() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Telesign:Resilience:RetryBaseDelay"] = "00:00:00.001",
            ["Telesign:Resilience:AttemptTimeout"] = "00:00:00.300",
            ["Telesign:Resilience:TotalTimeout"] = "00:00:10",
            ["Telesign:Resilience:CircuitBreaker:MinimumThroughput"] = "1000",
        });
}

public class TelesignClientTests(TelesignClientFactory factory) : IClassFixture<TelesignClientFactory>
{
    private const string BasicForTestAccount =
        "Basic RkZGRkZGRkYtRUVFRS1ERERELTEyMzQtQUIxMjM0NTY3ODkwOkVYQU1QTEVURThzVGdnNDV5dXN1bW9ONkJZc0JWa2greVJKNWN6Z3NuQ2VoWmFPWWxkUEpkbUZoNk5lWDhrdW5aMnpVMVlXYVV3LzB3VjZ4Znc9PQ==";

    private static readonly TelesignAction DocumentedDial =
        TelesignAction.Dial("15555551212", "15554441313", "4142b474-d65d-4265-a5fa-a581b1fe6101", sendDtmf: "6458");

    private async Task<DialResult> DialAsync(FakeTelesign telesign, TelesignAction? dial = null)
    {
        await using var host = factory.WithTelesign(telesign);
        var client = host.Services.GetRequiredService<TelesignClient>();
        return await client.DialAsync(dial ?? DocumentedDial, CancellationToken.None);
    }

    [Fact]
    public async Task Accepted_dial_returns_the_reference_id()
    {
        using var telesign = new FakeTelesign().ThenAnswer(HttpStatusCode.Accepted, Fixture.Read("response-dial-accepted.json"));

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Accepted, result.Outcome);
        Assert.Equal("0123456789ABCDEF0123456789ABCDEF", result.ReferenceId);
        Assert.Equal("dial_accepted", result.Status);
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Dial_request_has_the_documented_body_path_and_headers()
    {
        using var telesign = new FakeTelesign();
        var documented = DocumentedDial with { Params = DocumentedDial.Params with { IsPrimary = true } };

        await DialAsync(telesign, documented);

        var request = Assert.Single(telesign.Requests);
        var expected = JsonNode.Parse(Fixture.Read("request-dial.json"))!.AsObject();
        expected["jsonrpc"] = "2.0";
        JsonAssert.Equivalent(expected.ToJsonString(), request.Body);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://rest-ww.telesign.com/v2/voice", request.Uri.ToString());
        Assert.Equal(BasicForTestAccount, request.Header("Authorization"));
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Theory]
    [InlineData("premium_to_number_rejected")]
    [InlineData("to_number_blocked_by_country")]
    [InlineData("to_number_blocked_by_customer")]
    [InlineData("to_number_blocked_by_telesign")]
    public async Task Rejection_with_200_is_rejected_and_never_retried(string status)
    {
        using var telesign = new FakeTelesign().ThenStatus(HttpStatusCode.OK, status);

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Rejected, result.Outcome);
        Assert.Equal(status, result.Status);
        Assert.Single(telesign.Requests);
    }

    [Theory]
    [InlineData("invalid_phone_number")]
    [InlineData("caller_id_number_not_owned")]
    [InlineData("unsupported_call_state")]
    public async Task Status_400_is_an_invalid_request(string status)
    {
        using var telesign = new FakeTelesign().ThenStatus(HttpStatusCode.BadRequest, status);

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.InvalidRequest, result.Outcome);
        Assert.Equal(status, result.Status);
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Status_401_means_our_credentials_are_wrong_and_readiness_is_degraded()
    {
        using var telesign = new FakeTelesign().ThenStatus(HttpStatusCode.Unauthorized, "not_authorized");
        await using var host = factory.WithTelesign(telesign);
        var client = host.Services.GetRequiredService<TelesignClient>();

        var result = await client.DialAsync(DocumentedDial, CancellationToken.None);
        using var http = host.CreateClient();
        var ready = JsonNode.Parse(await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative), CancellationToken.None))!;

        Assert.Equal(DialOutcome.Unauthorized, result.Outcome);
        Assert.Equal("Degraded", ready["checks"]!["telesign"]!["status"]!.GetValue<string>());
        Assert.Contains("Telesign:ApiKey", ready["checks"]!["telesign"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_twice_then_accepted_places_one_call()
    {
        using var telesign = new FakeTelesign()
            .ThenStatus(HttpStatusCode.TooManyRequests, "rate_limit_exceeded")
            .ThenStatus(HttpStatusCode.TooManyRequests, "rate_limit_exceeded")
            .ThenAccept("REF-AFTER-429");

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Accepted, result.Outcome);
        Assert.Equal("REF-AFTER-429", result.ReferenceId);
        Assert.Equal(3, telesign.Requests.Count);
    }

    [Fact]
    public async Task Rate_limit_that_persists_is_reported_after_the_configured_retries()
    {
        using var telesign = new FakeTelesign();
        for (var i = 0; i < 4; i++)
        {
            telesign.ThenStatus(HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        }

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.RateLimited, result.Outcome);
        Assert.Equal(4, telesign.Requests.Count);
    }

    [Fact]
    public async Task Refused_connection_is_retried_because_nothing_was_sent()
    {
        using var telesign = new FakeTelesign().ThenRefuseConnection().ThenAccept("REF-AFTER-REFUSED");

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Accepted, result.Outcome);
        Assert.Equal("REF-AFTER-REFUSED", result.ReferenceId);
        Assert.Equal(2, telesign.Requests.Count);
    }

    [Fact]
    public async Task Refused_connection_every_time_is_unreachable()
    {
        using var telesign = new FakeTelesign();
        for (var i = 0; i < 4; i++)
        {
            telesign.ThenRefuseConnection();
        }

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Unreachable, result.Outcome);
        Assert.Equal(4, telesign.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Server_error_is_an_unknown_outcome_and_not_retried(HttpStatusCode status)
    {
        using var telesign = new FakeTelesign().ThenAnswer(status, "<html>upstream failure</html>").ThenAccept("MUST-NOT-BE-USED");

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Unknown, result.Outcome);
        Assert.Equal((int)status, result.HttpStatus);
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Timeout_after_sending_is_an_unknown_outcome_and_not_retried()
    {
        using var telesign = new FakeTelesign().ThenHang().ThenAccept("MUST-NOT-BE-USED");

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Unknown, result.Outcome);
        Assert.Null(result.HttpStatus);
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Accepted_without_a_reference_id_is_an_unknown_outcome()
    {
        using var telesign = new FakeTelesign().ThenAnswer(HttpStatusCode.Accepted, """{"status":"dial_accepted"}""");

        var result = await DialAsync(telesign);

        Assert.Equal(DialOutcome.Unknown, result.Outcome);
    }
}

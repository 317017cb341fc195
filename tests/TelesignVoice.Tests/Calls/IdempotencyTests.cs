using System.Net;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

public class IdempotencyTests(CallsFactory factory) : IClassFixture<CallsFactory>
{
    private const string Call = """{"to":"15555551212","external_id":"idem-1"}""";

    [Fact]
    public async Task Same_key_and_body_get_the_first_answer_and_dial_once()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-IDEM-1");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (first, firstBody) = await client.PostCallAsync(Call, "key-1");
        var (second, secondBody) = await client.PostCallAsync(Call, "key-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(firstBody!.ToJsonString(), secondBody!.ToJsonString());
        Assert.Equal("/calls/REF-IDEM-1", second.Headers.Location?.ToString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Unknown_outcome_is_replayed_too_so_a_retry_never_rings_twice()
    {
        using var telesign = new FakeTelesign().ThenAnswer(HttpStatusCode.BadGateway, "{}");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (first, _) = await client.PostCallAsync(Call, "key-unknown");
        var (second, body) = await client.PostCallAsync(Call, "key-unknown");

        Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, second.StatusCode);
        Assert.Equal("unknown-idem-1", body.Text("reference_id"));
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Same_key_with_a_different_body_is_refused_with_422()
    {
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        await client.PostCallAsync(Call, "key-2");
        var (response, body) = await client.PostCallAsync("""{"to":"15555550000"}""", "key-2");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("different body", body.Text("title"), StringComparison.Ordinal);
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Key_still_in_flight_is_409_with_retry_after()
    {
        var release = new TaskCompletionSource();
        var received = new TaskCompletionSource();
        using var telesign = new FakeTelesign().Then(async (_, _) =>
        {
            received.SetResult();
            await release.Task;
            return FakeTelesign.Json(HttpStatusCode.Accepted, """{"reference_id":"REF-SLOW","status":"dial_accepted"}""");
        });
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var first = client.PostCallAsync(Call, "key-3");
        await received.Task;
        var (second, _) = await client.PostCallAsync(Call, "key-3");
        release.SetResult();
        var (firstResponse, _) = await first;

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, firstResponse.StatusCode);
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task Answer_that_says_try_later_releases_the_key_so_a_retry_dials()
    {
        using var telesign = new FakeTelesign();
        for (var i = 0; i < 4; i++)
        {
            telesign.ThenStatus(HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        }

        telesign.ThenAccept("REF-LATER");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (first, _) = await client.PostCallAsync(Call, "key-4");
        var (second, body) = await client.PostCallAsync(Call, "key-4");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("REF-LATER", body.Text("reference_id"));
    }

    [Fact]
    public async Task Invalid_key_is_a_400_naming_the_header()
    {
        await using var host = factory.WithTelesign(new FakeTelesign());
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync(Call, new string('k', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["Idempotency-Key"]);
    }
}

using System.Net;
using System.Text;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Security;

/// <summary>Input the review's fuzz run answered with 500, now refused or cleaned, on every store.</summary>
public class ClientInputTests
{
    private static async Task<TelesignVoiceFactory> FactoryAsync(string provider, PostgresTestDatabase database, TempFolder folder)
    {
        var factory = new CallsFactory();
        factory.WithSettings(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = provider == "Postgres" ? database.ConnectionString : $"Data Source={folder.File("input.db")}",
        });
        await Task.Yield();
        return factory;
    }

    private static async Task<HttpStatusCode> PostEventAsync(HttpClient client, string body)
    {
        using var request = TelesignSigner.SignedEvent(body);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public Task A_nul_in_an_events_data_is_answered_and_not_stored_on_sqlite() => NulInEventDataAsync("Sqlite");

    [PostgresFact]
    public Task A_nul_in_an_events_data_is_answered_and_not_stored_on_postgres() => NulInEventDataAsync("Postgres");

    private static async Task NulInEventDataAsync(string provider)
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var folder = new TempFolder();
        await using var factory = await FactoryAsync(provider, database, folder);
        using var client = factory.CreateClient();
        using var operators = factory.CreateOperatorClient();

        var incoming = await PostEventAsync(client, """{"event":"incoming_call","reference_id":"NUL-1","data":{"to":"1555\u00000001111","from":"15557770000"}}""");
        var digits = await PostEventAsync(client, """{"event":"speak_completed","reference_id":"NUL-1","data":{"status":"speak_successful","collected_digits":"1\u00002"}}""");
        var completed = await PostEventAsync(client, """{"event":"call_completed","reference_id":"NUL-1","data":{"status":"hang\u0000up","direction":"in\u0000bound","created_on_utc":"\u0000","duration":3}}""");
        var (found, call) = await operators.GetJsonAsync("/calls/NUL-1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (incoming, digits, completed));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("hangup", call!["end_of_call"]!.Text("status"));
        Assert.DoesNotContain("\\u0000", call["digits"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_in_a_call_variable_is_refused_with_400_naming_it_before_any_dial()
    {
        using var telesign = new FakeTelesign();
        using var factory = new CallsFactory();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync("""{"to":"15555551212","flow":"appointment-reminder","variables":{"name":"A\u0000da","when":"now"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["variables.name"]);
        Assert.Empty(telesign.Requests);
    }

    [Fact]
    public async Task A_call_request_over_64_KiB_is_refused_with_413()
    {
        using var telesign = new FakeTelesign();
        using var factory = new CallsFactory();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();
        var json = "{\"to\":\"15555551212\",\"variables\":{\"pad\":\"" + new string('x', 70_000) + "\"}}";

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/calls", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(telesign.Requests);
    }

    [Theory]
    [InlineData("/calls/AB%01CD")]
    [InlineData("/calls/%1F")]
    public async Task A_control_character_in_a_route_id_is_refused_with_400(string path)
    {
        using var factory = new CallsFactory();
        using var client = factory.CreateOperatorClient();

        var (response, body) = await client.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("reference_id", body.Text("field"));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>Bad input to the campaign API is a 400 (or 409) problem naming what to fix, on every store; never a 500.</summary>
public abstract class CampaignInputTests : IAsyncLifetime
{
    protected CampaignHost Host { get; private set; } = null!;

    protected abstract Task<CampaignHost> CreateHostAsync();

    public virtual async Task InitializeAsync() => Host = await CreateHostAsync();

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();

    [StoreFact]
    public async Task Extreme_rates_are_refused_in_json_naming_calls_per_second()
    {
        foreach (var rate in new[] { "1e-300", "0", "-1", "1e300", "0.001", "1e400" })
        {
            var json = $$"""{"name":"r","flow":"default","calls_per_second":{{rate}},"recipients":[{"to":"15551110001"}]}""";
            var (status, problem) = await PostAsync(new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True(status == HttpStatusCode.BadRequest, $"{rate}: {problem}");
            Assert.Equal(["calls_per_second"], ErrorFields(problem));
        }

        Assert.Empty((await Host.GetAsync("/campaigns")).GetProperty("campaigns").EnumerateArray());
    }

    [StoreFact]
    public async Task Extreme_rates_are_refused_as_csv_query_parameters_naming_calls_per_second()
    {
        foreach (var rate in new[] { "1e-300", "0", "-5", "NaN", "Infinity", "1e300" })
        {
            var (status, problem) = await PostAsync(Csv("to\n15551110001\n"), $"?name=r&flow=default&calls_per_second={Uri.EscapeDataString(rate)}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{rate}: {problem}");
            Assert.Equal(["calls_per_second"], ErrorFields(problem));
        }

        var (concurrentStatus, concurrent) = await PostAsync(Csv("to\n15551110001\n"), "?name=r&flow=default&max_concurrent_calls=-1e300");
        Assert.Equal(HttpStatusCode.BadRequest, concurrentStatus);
        Assert.Equal(["max_concurrent_calls"], ErrorFields(concurrent));
    }

    [StoreFact]
    public async Task U0000_in_a_name_a_variable_or_an_external_id_is_refused_naming_the_field()
    {
        var (nameStatus, name) = await PostJsonAsync(new { name = "a\0b", flow = "default", recipients = new[] { new { to = "15551110001" } } });
        Assert.Equal(HttpStatusCode.BadRequest, nameStatus);
        Assert.Equal(["name"], ErrorFields(name));

        var (variableStatus, variable) = await PostJsonAsync(new
        {
            name = "v",
            flow = "appointment-reminder",
            recipients = new[] { new { to = "15551110001", external_id = "p\01", variables = new Dictionary<string, string> { ["name"] = "A\0da", ["when"] = "Tuesday" } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, variableStatus);
        Assert.Equal(["recipients[0].external_id", "recipients[0].variables.name"], ErrorFields(variable));

        var (csvStatus, csv) = await PostAsync(Csv("to,name,when\n15551110001,A\0da,Tuesday\n"), "?name=c&flow=appointment-reminder");
        Assert.Equal(HttpStatusCode.BadRequest, csvStatus);
        Assert.Equal(["rows[2].variables.name"], ErrorFields(csv));
        Assert.Empty((await Host.GetAsync("/campaigns")).GetProperty("campaigns").EnumerateArray());
    }

    [StoreFact]
    public async Task U0000_in_a_suppression_reason_is_refused_naming_reason()
    {
        using var put = await Host.Client.PutAsJsonAsync("/suppressions/15551110001", new { reason = "asked\0 twice" });
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(["reason"], ErrorFields(problem));
        using var get = await Host.Client.GetAsync("/suppressions/15551110001");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [StoreFact]
    public async Task A_value_of_the_wrong_kind_is_named_in_json_terms_never_as_a_dotnet_type()
    {
        var (status, problem) = await PostAsync(new StringContent("""{"name":"r","flow":"default","recipients":"x"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["recipients"], ErrorFields(problem));
        var message = problem.GetProperty("errors").GetProperty("recipients")[0].GetString()!;
        Assert.Equal("recipients must be a JSON array.", message);
        Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("TelesignVoice.", problem.GetRawText(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_list_cursor_that_no_list_gave_is_refused_naming_the_cursor()
    {
        foreach (var path in new[] { "/campaigns?cursor=garbage", "/campaigns?cursor=cmp_0000000000000000000000zz", "/suppressions?cursor=abc" })
        {
            using var response = await Host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["cursor"], ErrorFields(await response.Content.ReadFromJsonAsync<JsonElement>()));
        }

        // A cursor of the right shape is a place in the list, whether or not that campaign still exists.
        using var shaped = await Host.Client.GetAsync("/campaigns?cursor=cmp_0000000000000000000000");
        Assert.Equal(HttpStatusCode.OK, shaped.StatusCode);
    }

    [StoreFact]
    public async Task A_body_cut_short_is_reported_as_a_malformed_body_with_its_position_not_as_a_field()
    {
        var (status, problem) = await PostAsync(new StringContent("""{"name":"reminders","flow":"def""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["body"], ErrorFields(problem));
        var message = problem.GetProperty("errors").GetProperty("body")[0].GetString()!;
        Assert.Contains("not well-formed JSON at line 1", message, StringComparison.Ordinal);

        // A well-formed value of the wrong type is still its field's.
        var (typeStatus, type) = await PostAsync(new StringContent("""{"name":"r","flow":"default","calls_per_second":"fast","recipients":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, typeStatus);
        Assert.Equal(["calls_per_second"], ErrorFields(type));

        using var suppression = await Host.Client.PutAsync("/suppressions/15551110001", new StringContent("""{"reason":"asked""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, suppression.StatusCode);
        Assert.Equal(["body"], ErrorFields(await suppression.Content.ReadFromJsonAsync<JsonElement>()));
    }

    [StoreFact]
    public async Task A_conflict_has_one_status_the_http_one_and_names_the_campaign_status_apart()
    {
        var id = (await Host.CreateAsync(new { name = "c", flow = "default", recipients = new[] { new { to = "15551110001" } } })).GetProperty("id").GetString()!;
        using var cancelled = await Host.Client.PostAsync(new Uri($"/campaigns/{id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        using var resumed = await Host.Client.PostAsync(new Uri($"/campaigns/{id}/resume", UriKind.Relative), null);
        var text = await resumed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, resumed.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "\"status\":"));
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((409, "cancelled"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("campaign_status").GetString()));
    }

    [StoreFact]
    public async Task A_csv_header_naming_a_column_twice_is_refused_as_the_list()
    {
        var (status, problem) = await PostAsync(Csv("to,to\n15551110001,15551110002\n"), "?name=d&flow=default");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["csv"], ErrorFields(problem));
        Assert.Contains("'to' 2 times", problem.GetProperty("errors").GetProperty("csv")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" of 0 rows", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (missingStatus, missing) = await PostAsync(Csv("number,name\n15551110001,Ada\n"), "?name=d&flow=default");
        Assert.Equal(HttpStatusCode.BadRequest, missingStatus);
        Assert.Equal(["csv"], ErrorFields(missing));
        Assert.Empty((await Host.GetAsync("/campaigns")).GetProperty("campaigns").EnumerateArray());
    }

    [StoreFact]
    public async Task A_csv_that_is_not_utf8_is_refused_naming_the_encoding()
    {
        // "Zoë" in Latin-1: 0xEB alone is not UTF-8.
        var bytes = Encoding.Latin1.GetBytes("to,name,when\n15551110001,Zo\u00eb,Tuesday\n");
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var (status, problem) = await PostAsync(content, "?name=l&flow=appointment-reminder");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["csv"], ErrorFields(problem));
        Assert.Contains("not valid UTF-8", problem.GetProperty("errors").GetProperty("csv")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await Host.GetAsync("/campaigns")).GetProperty("campaigns").EnumerateArray());
    }

    [StoreFact]
    public async Task The_refusal_counts_every_row_read_including_rows_with_the_wrong_number_of_fields()
    {
        var (status, problem) = await PostAsync(Csv("to,name,when\n15551110001,Ada,Tuesday\n15551110002,Bob\nnope,Eve,Monday\n"), "?name=n&flow=appointment-reminder");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("2 of 3 rows are invalid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static List<string> ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostJsonAsync(object body)
    {
        using var response = await Host.Client.PostAsJsonAsync("/campaigns", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(HttpContent content, string query = "")
    {
        using (content)
        {
            using var response = await Host.Client.PostAsync(new Uri("/campaigns" + query, UriKind.Relative), content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, text);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
    }
}

public sealed class SqliteCampaignInputTests : CampaignInputTests
{
    private readonly TempFolder _folder = new();

    protected override Task<CampaignHost> CreateHostAsync() =>
        Task.FromResult(new CampaignHost("Sqlite", $"Data Source={_folder.File("campaigns.db")}", ("Campaigns:DispatcherEnabled", "false")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

[UsesPostgres]
public sealed class PostgresCampaignInputTests : CampaignInputTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<CampaignHost> CreateHostAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return new CampaignHost("Postgres", _database.ConnectionString, ("Campaigns:DispatcherEnabled", "false"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

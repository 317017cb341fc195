using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>CSV campaigns over HTTP on SQLite: rows streamed into the store, bad rows named by line.</summary>
public sealed class CampaignCsvTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private CampaignHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new CampaignHost("Sqlite", $"Data Source={_folder.File("campaigns.db")}", ("Campaigns:DispatcherEnabled", "false"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_csv_of_100000_rows_is_streamed_into_the_store_with_duplicates_counted_once()
    {
        using var content = new RowsContent(100_000);
        using var response = await _host.Client.PostAsync("/campaigns?name=big&flow=appointment-reminder&calls_per_second=20", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal(99_999, body.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicates").GetInt32());
        Assert.Equal($"/campaigns/{body.GetProperty("id").GetString()}", response.Headers.Location?.ToString());
        var recipient = (await _host.GetAsync($"/campaigns/{body.GetProperty("id").GetString()}/recipients?limit=1")).GetProperty("recipients")[0];
        Assert.Equal("pending", recipient.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_csv_with_bad_rows_is_refused_whole_naming_each_row_and_field()
    {
        const string csv = "to,name,when\n15551110001,Ada,Tuesday\nnot-a-number,Bob,Friday\n15551110003,,Monday\n15551110004,Eve\n";
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await _host.Client.PostAsync("/campaigns?name=bad&flow=appointment-reminder", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToList();
        Assert.Equal(["rows[3].to", "rows[4].variables.name", "rows[5].columns"], errors);
        Assert.Empty((await _host.GetAsync("/campaigns")).GetProperty("campaigns").EnumerateArray());
    }

    [Fact]
    public async Task Bad_settings_and_a_body_that_is_neither_json_nor_csv_are_named()
    {
        using var settings = await _host.Client.PostAsync("/campaigns?name=x&flow=nope&calls_per_second=fast", new StringContent("to\n15551110001\n", Encoding.UTF8, "text/csv"));
        var problem = await settings.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, settings.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("calls_per_second", out _));

        using var flow = await _host.Client.PostAsync("/campaigns?name=x&flow=nope", new StringContent("to\n15551110001\n", Encoding.UTF8, "text/csv"));
        Assert.True((await flow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("flow", out _));

        using var xml = await _host.Client.PostAsync("/campaigns", new StringContent("<campaign/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
    }

    /// <summary>A CSV body written as it is sent, so neither side holds the whole list.</summary>
    private sealed class RowsContent : HttpContent
    {
        private readonly int _rows;

        public RowsContent(int rows)
        {
            _rows = rows;
            Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            await writer.WriteAsync("to,name,when\n");
            for (var i = 0; i < _rows; i++)
            {
                // The last row repeats the first number: it is called once.
                var number = 15550000000L + (i == _rows - 1 ? 0 : i);
                await writer.WriteAsync($"{number},Person {i},Tuesday\n");
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

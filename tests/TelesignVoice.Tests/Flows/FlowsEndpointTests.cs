using System.Net;
using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

public class FlowsEndpointTests(FlowsFactory factory) : IClassFixture<FlowsFactory>
{
    [Fact]
    public async Task Flows_lists_every_flow_with_its_version_and_description()
    {
        using var client = factory.CreateOperatorClient();

        using var body = JsonDocument.Parse(await client.GetStringAsync("/flows"));

        var flows = body.RootElement.GetProperty("flows").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(["appointment-reminder", "balance", "default", "pin-capture", "support-menu"], flows.Keys.Order(StringComparer.Ordinal));
        Assert.Matches("^[0-9a-f]{16}$", flows["support-menu"].GetProperty("version").GetString());
        Assert.StartsWith("Inbound support menu", flows["support-menu"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("flows/support-menu.json", flows["support-menu"].GetProperty("source").GetString());
        Assert.Equal(0, flows["support-menu"].GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task One_flow_is_its_definition_as_loaded_with_defaults_filled_in()
    {
        using var client = factory.CreateOperatorClient();

        using var body = JsonDocument.Parse(await client.GetStringAsync("/flows/support-menu"));

        var definition = body.RootElement.GetProperty("definition");
        Assert.Equal("menu", definition.GetProperty("start").GetString());
        var menu = definition.GetProperty("steps").GetProperty("menu");
        Assert.Equal("sales", menu.GetProperty("ask").GetProperty("choices").GetProperty("1").GetString());
        Assert.Equal(1, menu.GetProperty("ask").GetProperty("min_digits").GetInt32());
        Assert.Equal("survey", definition.GetProperty("steps").GetProperty("support").GetProperty("transfer").GetProperty("after").GetString());
        Assert.Equal(body.RootElement.GetProperty("version").GetString(), definition.GetProperty("version").GetString());
    }

    [Fact]
    public async Task The_diagram_is_mermaid_text()
    {
        using var client = factory.CreateOperatorClient();

        using var response = await client.GetAsync("/flows/support-menu/diagram?highlight=menu");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/vnd.mermaid", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("flowchart TD", text, StringComparison.Ordinal);
        Assert.Contains("-->|\"key 2\"|", text, StringComparison.Ordinal);
        Assert.Contains("highlighted", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/flows/nope")]
    [InlineData("/flows/nope/diagram")]
    public async Task An_unknown_flow_is_a_404_problem_naming_it(string path)
    {
        using var client = factory.CreateOperatorClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'nope'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/flows")]
    [InlineData("GET", "/flows/default/diagram")]
    [InlineData("POST", "/flows/reload")]
    public async Task Flows_need_an_operator_key(string method, string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

using System.Net;
using System.Text;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>Control API input found by black-box fuzzing: every mistake is a 400 problem+json naming the field, never a 500 or a call.</summary>
public class ControlApiInputTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Theory]
    [InlineData("/simulator/calls/0123456789ABCDEF0123456789ABCDEF?wait=99999999999", "wait")]
    [InlineData("/simulator/calls/0123456789ABCDEF0123456789ABCDEF?wait=abc", "wait")]
    public async Task Wait_that_is_not_a_whole_number_is_a_400_naming_the_parameter(string path, string parameter)
    {
        using var client = host.CreateOperatorClient();

        using var response = await client.GetAsync(path);

        await AssertProblemNamingAsync(response, $"\"{parameter}\":[");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("is not a whole number", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_body_is_a_400_naming_the_body_in_words_of_the_api()
    {
        using var client = host.CreateOperatorClient();

        using var response = await client.PostAsync("/simulator/calls", new StringContent("", Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, "\"body\":[\"This request needs a JSON body");
        Assert.DoesNotContain("Did you mean", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "/simulator/faults", """{"rate_limited_dials":1,"dial_delay_milliseconds":1e20}""", "dial_delay_milliseconds")]
    [InlineData("POST", "/simulator/calls", """{"to":"15555551212","variables":{"name":1}}""", "variables.name")]
    [InlineData("POST", "/simulator/calls", """{"to":""", "errors")]
    [InlineData("POST", "/simulator/inbound", """[1]""", "errors")]
    [InlineData("POST", "/simulator/calls", """{"to":"15555551212","script":[{"dial_status":"busy"}]}""", "script")]
    public async Task Json_body_the_framework_cannot_read_is_a_400_problem(string method, string path, string json, string field)
    {
        using var client = host.CreateOperatorClient();
        var callsBefore = host.Simulator.Calls.Count;

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);

        await AssertProblemNamingAsync(response, $"\"{field}\":");
        Assert.Equal(callsBefore, host.Simulator.Calls.Count);
        using var faults = await client.GetAsync("/simulator/faults");
        Assert.Contains("\"rate_limited_dials\":0", await faults.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"to":"15555551212","script":{"presses":["abc"]}}""", "script.presses")]
    [InlineData("""{"to":"15555551212","script":{"presses":["1","12\u00e9"]}}""", "script.presses")]
    [InlineData("""{"to":"15555551212","script":{"dial_status":"\u0000"}}""", "script.dial_status")]
    [InlineData("""{"to":"15555551212","script":{"duplicate_events":["Dial Completed"]}}""", "script.duplicate_events")]
    public async Task Script_a_phone_or_Telesign_could_not_produce_is_refused_before_any_call(string json, string field)
    {
        using var client = host.CreateOperatorClient();
        var callsBefore = host.Simulator.Calls.Count;

        using var response = await client.PostAsync("/simulator/calls", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, $"\"{field}\":[");
        Assert.Equal(callsBefore, host.Simulator.Calls.Count);
    }

    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Contains(expected, StringComparison.Ordinal), body);
        // The client sees JSON kinds, never the server's .NET types.
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>Scripts the control API must refuse up front, and calls that break in ways nobody planned for.</summary>
public class ScriptInputTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Theory]
    [InlineData("/simulator/inbound", """{"from":"15555551212","to":"15558675309","script":{"presses":null}}""", "script.presses")]
    [InlineData("/simulator/inbound", """{"from":"15555551212","to":"15558675309","script":{"presses":["1",null]}}""", "script.presses")]
    [InlineData("/simulator/inbound", """{"from":"15555551212","to":"15558675309","script":{"duplicate_events":null}}""", "script.duplicate_events")]
    [InlineData("/simulator/calls", """{"to":"15555551212","script":{"presses":[null]}}""", "script.presses")]
    [InlineData("/simulator/calls", """{"to":"15555551212","script":{"duplicate_events":[null]}}""", "script.duplicate_events")]
    public async Task Script_with_null_lists_or_entries_is_a_validation_problem_naming_the_field(string path, string json, string field)
    {
        using var client = host.CreateOperatorClient();
        var callsBefore = host.Simulator.Calls.Count;

        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"{field}\":[\"{field} must be a list of strings", body, StringComparison.Ordinal);
        Assert.Equal(callsBefore, host.Simulator.Calls.Count);
    }

    [Fact]
    public async Task Call_that_throws_unexpectedly_fails_with_the_exception_message_instead_of_running_forever()
    {
        // Bypasses the endpoint's validation on purpose: whatever breaks inside a call must still end it.
        var started = host.Simulator.StartInbound("15555551212", "15558675309", new CallerScript { Presses = [null!] });

        var view = await host.WaitForCallAsync(started.ReferenceId);

        Assert.Equal(SimulatedCallStates.Failed, view.State);
        Assert.Contains("Value cannot be null", view.Error, StringComparison.Ordinal);
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Simulator && l.Text.StartsWith("call failed: ", StringComparison.Ordinal));
    }
}

/// <summary>A webhook that never answers: the simulator's HTTP client gives up with its timeout.</summary>
public sealed class SilentWebhookHost : SimulatorHost
{
    public SilentWebhookHost() =>
        WithServices(services => services.AddHttpClient<SimulatorWebhookClient>().ConfigurePrimaryHttpMessageHandler(() => new TimingOutHandler()));

    /// <summary>Fails the way HttpClient.Timeout does, without waiting for it.</summary>
    private sealed class TimingOutHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException()));
    }
}

public class WebhookTimeoutTests(SilentWebhookHost host) : IClassFixture<SilentWebhookHost>
{
    [Fact]
    public async Task Webhook_that_times_out_fails_the_call_and_the_transcript_says_so()
    {
        using var client = host.CreateOperatorClient();
        var started = host.Simulator.StartInbound("15555551212", "15558675309", CallerScript.Pressing("1"));

        var view = await client.GetFromJsonAsync($"/simulator/calls/{started.ReferenceId}?wait=30", TelesignVoiceJsonContext.Default.SimulatedCallView);

        Assert.Equal(SimulatedCallStates.Failed, view!.State);
        Assert.Equal("the webhook did not answer in time: The request was canceled due to the configured HttpClient.Timeout.", view.Error);
    }
}

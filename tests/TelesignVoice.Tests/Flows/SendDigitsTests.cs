using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Flows;
using TelesignVoice.Simulator;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Tests.Flows;

/// <summary>
/// send_digits, walked through the simulator over HTTP with the default settings: Telesign documents no
/// event after a send_dtmf answer, so the keys leave with the dial and the flow goes on to next.
/// </summary>
public class SendDigitsTests(WrittenFlowsHost host) : IClassFixture<WrittenFlowsHost>
{
    internal static async Task<SimulatedCallView> PlaceAsync(HttpClient client, string flow, params string[] presses)
    {
        using var placed = await client.PostAsJsonAsync(
            "/simulator/calls",
            new SimulatorCallRequest("15558675309", flow, null, CallerScript.Pressing(presses)),
            TelesignVoiceJsonContext.Default.SimulatorCallRequest);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var started = await placed.Content.ReadFromJsonAsync(TelesignVoiceJsonContext.Default.SimulatedCallStarted);
        var view = await client.GetFromJsonAsync($"/simulator/calls/{started!.ReferenceId}?wait=30", TelesignVoiceJsonContext.Default.SimulatedCallView);
        Assert.True(view!.State == SimulatedCallStates.Completed, $"{view.Error}\n{Transcript(view)}");
        return view;
    }

    internal static string[] CallerLines(SimulatedCallView view) =>
        [.. view.Lines.Where(l => l.Who == TranscriptSpeakers.Caller).Select(l => l.Text)];

    internal static string Transcript(SimulatedCallView view) => string.Join("\n", view.Lines.Select(l => $"{l.Who}: {l.Text}"));

    [Fact]
    public async Task A_send_digits_start_step_sends_its_keys_with_the_dial_and_the_call_goes_on_to_next()
    {
        using var client = host.CreateOperatorClient();

        var view = await PlaceAsync(client, "extension", "1");

        Assert.Equal(
            [
                "answers and hears tones ww123#",
                "hears \"This is the front desk. To confirm the delivery, press 1.\"",
                "presses 1",
                "hears \"Thank you. Goodbye.\"",
            ],
            CallerLines(view));
        Assert.DoesNotContain(view.Lines, l => l.Who == TranscriptSpeakers.Server && l.Text.Contains("send_dtmf", StringComparison.Ordinal));
        var record = await client.GetFromJsonAsync<JsonElement>($"/calls/{view.ReferenceId}");
        Assert.Equal("completed", record.GetProperty("status").GetString());
        Assert.Equal("ww123#", record.GetProperty("dials")[0].GetProperty("request").GetProperty("params").GetProperty("send_dtmf").GetString());
        var first = record.GetProperty("events")[0];
        Assert.Equal("dial_completed", first.GetProperty("event").GetString());
        Assert.Equal("speak", first.GetProperty("action").GetProperty("method").GetString());
    }

    [Fact]
    public async Task After_the_keys_a_wrong_key_is_asked_again_and_the_next_key_routes()
    {
        using var client = host.CreateOperatorClient();

        var view = await PlaceAsync(client, "extension", "7", "1");

        Assert.Equal(
            [
                "answers and hears tones ww123#",
                "hears \"This is the front desk. To confirm the delivery, press 1.\"",
                "presses 7",
                "hears \"This is the front desk. To confirm the delivery, press 1.\"",
                "presses 1",
                "hears \"Thank you. Goodbye.\"",
            ],
            CallerLines(view));
    }

    [Fact]
    public async Task A_call_without_send_digits_sends_no_tones()
    {
        using var client = host.CreateOperatorClient();

        var view = await PlaceAsync(client, "six-digits", "123456");

        Assert.DoesNotContain(CallerLines(view), line => line.Contains("tones", StringComparison.Ordinal));
    }

    [Fact]
    public async Task POST_calls_with_send_dtmf_for_a_flow_that_sends_its_own_keys_is_refused_naming_send_dtmf()
    {
        using var client = host.CreateOperatorClient();

        using var content = new StringContent("""{"to":"15558675309","flow":"extension","send_dtmf":"1"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/calls", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("ww123#", problem.GetProperty("errors").GetProperty("send_dtmf")[0].GetString(), StringComparison.Ordinal);
    }
}

/// <summary>A server that answers dial_completed with a bare send_dtmf, to see what the simulator does after it.</summary>
public sealed class SendDtmfAnswerHost : SimulatorHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            services.AddKeyedSingleton<IWebhookEventHandler>(TelesignEventNames.DialCompleted, new AnswerWithTones()));
    }

    private sealed class AnswerWithTones : IWebhookEventHandler
    {
        public ValueTask<EventOutcome> HandleAsync(WebhookEventContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new EventOutcome(TelesignAction.SendDtmf("42"), context.Call));
    }
}

public class SendDtmfAnswerTests(SendDtmfAnswerHost host) : IClassFixture<SendDtmfAnswerHost>
{
    [Fact]
    public async Task The_simulator_sends_no_event_after_a_send_dtmf_answer_because_Telesign_documents_none()
    {
        using var client = host.CreateOperatorClient();

        var view = await SendDigitsTests.PlaceAsync(client, "default");

        var events = view.Lines.Where(l => l.Who == TranscriptSpeakers.Telesign).Select(l => JsonDocument.Parse(l.Text).RootElement.GetProperty("event").GetString());
        Assert.Equal(["dial_completed", "call_completed"], events);
        Assert.Contains("hears tones 42; no event follows send_dtmf", SendDigitsTests.CallerLines(view).Single(), StringComparison.Ordinal);
    }
}

/// <summary>Where send_digits may stand, checked by the loader as at startup.</summary>
public sealed class SendDigitsValidationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("send-digits-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<string> Errors(string json, FlowOptions? options = null)
    {
        Directory.CreateDirectory(Path.Combine(_root, "flows"));
        File.WriteAllText(Path.Combine(_root, "flows", "default.json"), json);
        return [.. FlowLoader.LoadFrom(options ?? new FlowOptions(), _root, [], new HashSet<string> { "lookup" }).Errors.Select(e => e.ToString())];
    }

    [Theory]
    [InlineData("""{ "start": "keys", "steps": { "keys": { "send_digits": "12", "say": "Hello", "next": "hangup" } } }""",
        "flows/default.json, step 'keys', say: a send_digits step plays nothing (its keys go out with the dial); put the message in its next step")]
    [InlineData("""{ "start": "look", "steps": { "look": { "code": "lookup", "results": { "ok": "keys" } }, "keys": { "send_digits": "12", "next": "hangup" } } }""",
        "flows/default.json, step 'keys', send_digits: send_digits only works as the first step of an outbound call (the flow's start, which no step leads back to)")]
    [InlineData("""{ "start": "keys", "steps": { "keys": { "send_digits": "12", "next": "menu" }, "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "0": "keys" } } } } }""",
        "flows/default.json, step 'keys', send_digits: send_digits only works as the first step of an outbound call (the flow's start, which no step leads back to)")]
    [InlineData("""{ "start": "keys", "steps": { "keys": { "send_digits": "12", "next": "agent" }, "agent": { "transfer": "15551230000" } } }""",
        "flows/default.json, step 'agent', transfer: a transfer that starts a flow (or is its on_error step) needs a say or play first")]
    [InlineData("""{ "start": "keys", "steps": { "keys": { "send_digits": "12x", "next": "hangup" } } }""",
        "flows/default.json, step 'keys', send_digits: '12x' must be DTMF digits")]
    public void Send_digits_anywhere_but_alone_at_the_start_is_refused(string json, string expected)
    {
        Assert.Contains(Errors(json), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Send_digits_alone_at_the_start_is_accepted()
    {
        Assert.Empty(Errors("""{ "start": "keys", "steps": { "keys": { "send_digits": "ww1", "next": "hi" }, "hi": { "say": "Hi", "hangup": true } } }"""));
    }

    [Fact]
    public void An_inbound_number_mapped_to_a_flow_that_starts_with_send_digits_is_refused()
    {
        var options = new FlowOptions { Inbound = { ["15550001111"] = "default" } };

        Assert.Contains(
            "Flows:Inbound:15550001111: the flow 'default' starts with send_digits, which only an outbound call can do",
            Errors("""{ "start": "keys", "steps": { "keys": { "send_digits": "1", "next": "hangup" } } }""", options));
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Simulator;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Tests.Simulator;

/// <summary>A server whose answer to play_completed depends on the digits pressed, so a test can pick any action.</summary>
public sealed class MisbehavingHost : SimulatorHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            services.AddScoped<IWebhookEventHandler>(sp => new AnswerByDigits(sp.GetRequiredService<FlowEngine>())));
    }

    /// <summary>Answers play_completed by the digits; every other event goes to the flow engine as usual.</summary>
    private sealed class AnswerByDigits(FlowEngine flows) : IWebhookEventHandler
    {
        public ValueTask<EventOutcome> HandleAsync(WebhookEventContext context, CancellationToken cancellationToken)
        {
            if (context.EventName != TelesignEventNames.PlayCompleted)
            {
                return flows.HandleAsync(context, cancellationToken);
            }

            var action = context.Event.DataAs<PromptCompletedData>()?.CollectedDigits switch
            {
                "5" => TelesignAction.Hangup() with
                {
                    Params = new ActionParams { AdditionalFields = new() { ["record"] = JsonSerializer.SerializeToElement(true, TelesignVoiceJsonContext.Default.Boolean) } },
                },
                "4" => TelesignAction.Play("https://example.com/again.wav", new CollectDigits(1)),
                "6" => TelesignAction.Play("https://example.com/a.wav", new CollectDigits(0)),
                "7" => TelesignAction.SendDtmf("1"),
                "8" => TelesignAction.Speak(string.Empty),
                "9" => TelesignAction.Dial("15551230000", "15558675309"),
                _ => TelesignAction.Hangup(),
            };
            return ValueTask.FromResult(new EventOutcome(action, context.Call));
        }
    }
}

public class MisbehavingServerTests(MisbehavingHost host) : IClassFixture<MisbehavingHost>
{
    private Task<SimulatedCallView> InboundAsync(CallerScript script) =>
        host.WaitForCallAsync(host.Simulator.StartInbound("15555551212", "15558675309", script).ReferenceId);

    [Theory]
    [InlineData("5", "invalid_action: unknown field params.record in hangup")]
    [InlineData("6", "invalid_action: params.collect_digits.max must be at least 1")]
    [InlineData("7", "unsupported_call_state: send_dtmf may not answer play_completed")]
    [InlineData("8", "invalid_action: speak needs params.tts.message, a non-empty string")]
    public async Task Answer_Telesign_would_refuse_ends_the_call_with_a_clear_error(string press, string expected)
    {
        StartServer();
        var view = await InboundAsync(CallerScript.Pressing(press));

        Assert.Equal(SimulatedCallStates.Failed, view.State);
        Assert.Contains($"Telesign would refuse the answer to play_completed: {expected}", view.Error, StringComparison.Ordinal);
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Simulator && l.Text.Contains(expected, StringComparison.Ordinal));
        Assert.Contains("\"event\":\"call_completed\"", view.Lines.Last(l => l.Who == TranscriptSpeakers.Telesign).Text, StringComparison.Ordinal);
        var call = await host.Store.FindCallAsync(view.ReferenceId, CancellationToken.None);
        Assert.Equal(CallStatuses.Completed, call!.Status);
    }

    [Fact]
    public async Task Transfer_is_followed_by_call_leg_completed_then_the_call_goes_on()
    {
        StartServer();
        var view = await InboundAsync(CallerScript.Pressing("9"));

        Assert.Equal(SimulatedCallStates.Completed, view.State);
        Assert.Contains(view.Lines, l => l.Text == "is connected to 15551230000");
        var events = view.Lines.Where(l => l.Who == TranscriptSpeakers.Telesign).Select(l => JsonDocument.Parse(l.Text).RootElement.GetProperty("event").GetString());
        Assert.Equal(["incoming_call", "play_completed", "call_leg_completed", "call_completed"], events);
        var leg = JsonDocument.Parse(view.Lines.Single(l => l.Text.Contains("call_leg_completed", StringComparison.Ordinal)).Text).RootElement.GetProperty("data");
        Assert.Equal("15551230000", leg.GetProperty("to").GetString());
        Assert.Equal("15558675309", leg.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Call_completed_can_overtake_the_leg_event_and_the_call_still_ends_completed()
    {
        StartServer();
        var view = await InboundAsync(CallerScript.Pressing("9") with { CallCompletedBeforeLeg = true });

        var events = view.Lines.Where(l => l.Who == TranscriptSpeakers.Telesign).Select(l => JsonDocument.Parse(l.Text).RootElement.GetProperty("event").GetString());
        Assert.Equal(["incoming_call", "play_completed", "call_completed", "call_leg_completed"], events);
        Assert.Equal(SimulatedCallStates.Completed, view.State);
        var call = await host.Store.FindCallAsync(view.ReferenceId, CancellationToken.None);
        Assert.Equal(CallStatuses.Completed, call!.Status);
        Assert.NotNull(call.EndOfCall);
    }

    private void StartServer() => host.StartServer();

    [Fact]
    public async Task Event_identical_to_an_earlier_one_is_noted_in_the_transcript()
    {
        StartServer();
        var view = await InboundAsync(CallerScript.Pressing("4", "4"));

        Assert.Equal(SimulatedCallStates.Completed, view.State);
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Simulator
            && l.Text == "note: this play_completed is byte-identical to one sent earlier in this call (events carry no timestamp)");
    }
}

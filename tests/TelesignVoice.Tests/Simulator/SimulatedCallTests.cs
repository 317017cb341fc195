using System.Net;
using TelesignVoice.Calls;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>Whole calls over loopback HTTP: placed with POST /calls, dialled by the simulator, which posts signed events to the app's webhook.</summary>
public class SimulatedCallTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    /// <summary>Placed as an operator places it (POST /calls): only a call this server placed runs a flow.</summary>
    private async Task<string> DialAsync(string externalId, string to = "15558675309")
    {
        using var client = host.CreateOperatorClient();
        var (response, body) = await client.PostCallAsync($$"""{"to":"{{to}}","external_id":"{{externalId}}"}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return body!["reference_id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Outbound_call_with_default_handlers_is_answered_prompted_and_hung_up()
    {
        var externalId = Guid.NewGuid().ToString();
        host.Simulator.AttachScript(externalId, CallerScript.Pressing("42*9"));

        var referenceId = await DialAsync(externalId);
        var view = await host.WaitForCallAsync(referenceId);

        Assert.Equal(SimulatedCallStates.Completed, view.State);
        Assert.Null(view.Error);
        Assert.Contains(view.Lines, l => l.Who == "caller" && l.Text == "presses 42*9 (collected \"42\")");
        var call = await host.Store.FindCallAsync(referenceId, CancellationToken.None);
        Assert.NotNull(call);
        Assert.Equal(CallStatuses.Completed, call.Status);
        Assert.Equal("42", Assert.Single(call.Digits).Digits);
        Assert.Equal("hangup", call.EndOfCall!.Status);
        Assert.Equal(externalId, call.ExternalId);
    }

    [Fact]
    public async Task Busy_callee_gets_dial_completed_busy_and_a_call_completed_never_answered()
    {
        var externalId = Guid.NewGuid().ToString();
        host.Simulator.AttachScript(externalId, new CallerScript { DialStatus = "busy" });

        var referenceId = await DialAsync(externalId);
        var view = await host.WaitForCallAsync(referenceId);

        Assert.Equal(SimulatedCallStates.Completed, view.State);
        Assert.Contains("\"status\":\"busy\"", view.Lines[0].Text, StringComparison.Ordinal);
        var call = await host.Store.FindCallAsync(referenceId, CancellationToken.None);
        Assert.Equal(CallStatuses.Completed, call!.Status);
        Assert.Equal("busy", call.EndOfCall!.Status);
        Assert.Null(call.EndOfCall.AnsweredOnUtc);
        Assert.Equal(0, call.EndOfCall.DurationSeconds);
        Assert.Empty(call.Digits);
    }
}

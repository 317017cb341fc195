using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

/// <summary>The call's flow and variables are recorded before the dial leaves, so a crash in between loses neither.</summary>
public class IntentBeforeDialTests
{
    [Fact]
    public async Task A_call_whose_record_after_the_dial_never_happened_still_runs_its_flow_with_its_variables()
    {
        var store = new FaultyCallStore { CrashAfterDial = true };
        using var telesign = new FakeTelesign().ThenAccept("REF-DIED");
        using var factory = new CallsFactory();
        factory.WithServices(services => services.AddSingleton<ICallStore>(store));
        await using var host = factory.WithTelesign(telesign);
        using var operators = host.CreateOperatorClient();
        using var webhook = host.CreateClient();

        var (placed, _) = await operators.PostCallAsync("""{"to":"15558675309","external_id":"died-1","flow":"appointment-reminder","variables":{"name":"Ada","when":"Tuesday"}}""");
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var (_, meanwhile) = await operators.GetJsonAsync("/calls/unknown-died-1");
        Assert.Equal("appointment-reminder", meanwhile.Text("flow"));
        Assert.Equal("dialing", meanwhile.Text("status"));

        using var request = TelesignSigner.SignedEvent("""{"event":"dial_completed","reference_id":"REF-DIED","external_id":"died-1","data":{"to":"15558675309","from":"15554441313","status":"answered"}}""");
        var response = await webhook.SendAsync(request);
        var action = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var (_, call) = await operators.GetJsonAsync("/calls/REF-DIED");

        Assert.Equal("speak", action.Text("method"));
        Assert.StartsWith("Hello Ada. This is a reminder of your appointment on Tuesday.", action["params"]!["tts"].Text("message"), StringComparison.Ordinal);
        Assert.Equal("appointment-reminder", call.Text("flow"));
        Assert.Equal("in_progress", call.Text("status"));
        var (gone, _) = await operators.GetJsonAsync("/calls/unknown-died-1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_accepted_dial_leaves_one_call_under_its_reference_id_and_a_refused_one_none()
    {
        using var telesign = new FakeTelesign().ThenAccept("REF-OK").ThenAnswer(HttpStatusCode.BadRequest, """{"status":{"code":11000,"description":"Invalid value for parameter to."}}""");
        using var factory = new CallsFactory();
        await using var host = factory.WithTelesign(telesign);
        using var operators = host.CreateOperatorClient();

        await operators.PostCallAsync("""{"to":"15558675309","external_id":"ok-1"}""");
        await operators.PostCallAsync("""{"to":"15558675309","external_id":"refused-1"}""");

        var (_, accepted) = await operators.GetJsonAsync("/calls/REF-OK");
        Assert.Equal("dialing", accepted.Text("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await operators.GetJsonAsync("/calls/unknown-ok-1")).Item1.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operators.GetJsonAsync("/calls/unknown-refused-1")).Item1.StatusCode);
    }

    [Fact]
    public async Task While_the_dial_is_on_its_way_the_call_reads_dialing_in_the_list_and_in_its_details()
    {
        var dialArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answerDial = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var telesign = new FakeTelesign().Then(async (_, _) =>
        {
            dialArrived.SetResult();
            await answerDial.Task;
            return FakeTelesign.Json(HttpStatusCode.Accepted, """{"reference_id":"REF-SLOW","status":"dial_accepted"}""");
        });
        using var factory = new CallsFactory();
        await using var host = factory.WithTelesign(telesign);
        using var operators = host.CreateOperatorClient();

        var placing = operators.PostCallAsync("""{"to":"15558675309","external_id":"slow-1"}""");
        await dialArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var (_, details) = await operators.GetJsonAsync("/calls/unknown-slow-1");
        var (_, list) = await operators.GetJsonAsync("/calls?status=dialing");
        answerDial.SetResult();
        var (placed, _) = await placing;
        var (_, afterwards) = await operators.GetJsonAsync("/calls/REF-SLOW");

        Assert.Equal("dialing", details.Text("status"));
        var listed = Assert.Single(list!["calls"]!.AsArray());
        Assert.Equal("unknown-slow-1", listed.Text("reference_id"));
        Assert.Equal("dialing", listed.Text("status"));
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        Assert.Equal("dialing", afterwards.Text("status"));
    }
}

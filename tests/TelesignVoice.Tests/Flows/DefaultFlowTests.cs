using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

public class DefaultFlowTests(FlowsFactory factory) : IClassFixture<FlowsFactory>
{
    public const string SeedPlayAction =
        """{"jsonrpc":"2.0","method":"play","params":{"url":"https://url-pointing-to-audio-file.com/file.wav","collect_digits":{"max":5,"timeout":10000,"inter_digit_timeout":3000,"terminators":"*"}}}""";

    [Fact]
    public async Task An_outbound_call_without_a_flow_plays_the_seed_prompt_and_hangs_up_after_the_digits()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync(flow: null));

        JsonAssert.Equivalent(SeedPlayAction, await walk.DialCompletedAsync());
        JsonAssert.Equivalent(Expect.Hangup, await walk.PlayCompletedAsync("12345"));

        var call = await factory.FindCallAsync(walk.ReferenceId);
        Assert.Equal("default", call!.Flow);
        Assert.Equal("12345", call.Variables["entered"]);
    }

    [Fact]
    public async Task The_seed_prompt_hangs_up_when_nothing_is_pressed()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync(flow: null));

        JsonAssert.Equivalent(SeedPlayAction, await walk.DialCompletedAsync());
        JsonAssert.Equivalent(Expect.Hangup, await walk.PlayCompletedAsync());
    }

    [Fact]
    public async Task Readiness_reports_the_loaded_flows()
    {
        using var client = factory.CreateClient();

        var report = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));

        var flows = report.RootElement.GetProperty("checks").GetProperty("flows");
        Assert.Equal("Healthy", flows.GetProperty("status").GetString());
        Assert.Equal("5 call flows loaded.", flows.GetProperty("description").GetString());
    }
}

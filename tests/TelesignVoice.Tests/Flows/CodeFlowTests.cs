using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

public class CodeFlowTests(FlowsFactory factory) : IClassFixture<FlowsFactory>
{
    private const string AccountCollect = """{"max":8,"terminators":"#"}""";

    [Fact]
    public async Task A_code_flow_runs_its_code_step_and_speaks_the_variable_it_set()
    {
        var walk = CallWalk.Start(factory);

        JsonAssert.Equivalent(
            Expect.Speak("Enter your account number, then press pound.", AccountCollect),
            await walk.IncomingCallAsync(FlowsFactory.BalanceNumber));
        JsonAssert.Equivalent(Expect.Speak("Your balance is 42 dollars. Goodbye."), await walk.SpeakCompletedAsync("1234#"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());

        Assert.Equal("42", (await factory.FindCallAsync(walk.ReferenceId))!.Variables["balance"]);
    }

    [Fact]
    public async Task The_code_step_result_picks_the_next_step()
    {
        var walk = CallWalk.Start(factory);
        await walk.IncomingCallAsync(FlowsFactory.BalanceNumber);

        JsonAssert.Equivalent(Expect.Speak("We do not know that account. Goodbye."), await walk.SpeakCompletedAsync("99999#"));
    }

    [Fact]
    public async Task A_code_step_that_throws_sends_the_call_to_on_error()
    {
        var walk = CallWalk.Start(factory);
        await walk.IncomingCallAsync(FlowsFactory.BalanceNumber);

        JsonAssert.Equivalent(Expect.Speak("Sorry, we cannot look up accounts right now. Goodbye."), await walk.SpeakCompletedAsync("0000#"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());
    }
}

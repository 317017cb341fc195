using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

public class SupportMenuTests(FlowsFactory factory) : IClassFixture<FlowsFactory>
{
    private const string Collect = """{"max":1,"timeout":5000}""";
    private const string Menu = "Thank you for calling. For sales, press 1. For support, press 2. For the operator, press 0.";
    private const string NoInput = "Sorry, I did not hear a choice. For sales, press 1. For support, press 2. For the operator, press 0.";
    private const string Invalid = "That is not a choice. For sales, press 1. For support, press 2. For the operator, press 0.";

    private async Task<CallWalk> CalledAsync()
    {
        var walk = CallWalk.Start(factory);
        JsonAssert.Equivalent(Expect.Speak(Menu, Collect), await walk.IncomingCallAsync(FlowsFactory.SupportNumber));
        return walk;
    }

    [Fact]
    public async Task Silence_is_reprompted_three_times_then_goodbye()
    {
        var walk = await CalledAsync();

        for (var i = 0; i < 3; i++)
        {
            JsonAssert.Equivalent(Expect.Speak(NoInput, Collect), await walk.SpeakCompletedAsync());
        }

        JsonAssert.Equivalent(Expect.Speak("Goodbye."), await walk.SpeakCompletedAsync());
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());
    }

    [Fact]
    public async Task Invalid_key_gets_the_invalid_input_message_and_a_good_key_still_works()
    {
        var walk = await CalledAsync();

        JsonAssert.Equivalent(Expect.Speak(Invalid, Collect), await walk.SpeakCompletedAsync("7"));
        JsonAssert.Equivalent(Expect.Dial("15555550100"), await walk.SpeakCompletedAsync("0"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.CallLegCompletedAsync());
    }

    [Fact]
    public async Task Sales_is_announced_then_transferred()
    {
        var walk = await CalledAsync();

        JsonAssert.Equivalent(Expect.Speak("Connecting you to sales."), await walk.SpeakCompletedAsync("1"));
        JsonAssert.Equivalent(Expect.Dial("15555550101"), await walk.SpeakCompletedAsync());
        JsonAssert.Equivalent(Expect.Hangup, await walk.CallLegCompletedAsync());
    }

    [Fact]
    public async Task Support_transfers_and_when_the_leg_ends_the_caller_gets_the_survey()
    {
        var walk = await CalledAsync();

        JsonAssert.Equivalent(Expect.Dial("15555550102"), await walk.SpeakCompletedAsync("2"));
        JsonAssert.Equivalent(
            Expect.Speak("Before you go: how happy are you with our help, from 1 to 5?", """{"max":1}"""),
            await walk.CallLegCompletedAsync());
        JsonAssert.Equivalent(Expect.Speak("Thank you for your answer. Goodbye."), await walk.SpeakCompletedAsync("5"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());

        var call = await factory.FindCallAsync(walk.ReferenceId);
        Assert.Equal("5", call!.Variables["satisfaction"]);
        Assert.Equal("support-menu", call.Flow);
        Assert.Equal("inbound", call.Direction);
    }

    [Fact]
    public async Task A_support_agent_who_does_not_answer_sends_the_caller_to_the_survey()
    {
        var walk = await CalledAsync();

        JsonAssert.Equivalent(Expect.Dial("15555550102"), await walk.SpeakCompletedAsync("2"));
        JsonAssert.Equivalent(
            Expect.Speak("Before you go: how happy are you with our help, from 1 to 5?", """{"max":1}"""),
            await walk.DialCompletedAsync("busy"));
    }

    [Fact]
    public async Task The_number_called_is_matched_with_or_without_a_plus()
    {
        var walk = CallWalk.Start(factory);

        JsonAssert.Equivalent(Expect.Speak(Menu, Collect), await walk.IncomingCallAsync("+" + FlowsFactory.SupportNumber));
    }

    [Fact]
    public async Task A_number_with_no_flow_of_its_own_gets_the_default_flow()
    {
        var walk = CallWalk.Start(factory);

        JsonAssert.Equivalent(DefaultFlowTests.SeedPlayAction, await walk.IncomingCallAsync("15550009999"));
        Assert.Equal("default", (await factory.FindCallAsync(walk.ReferenceId))!.Flow);
    }
}

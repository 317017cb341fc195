using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Flows;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

public class AppointmentReminderTests(FlowsFactory factory) : IClassFixture<FlowsFactory>
{
    private const string Collect = """{"max":1,"timeout":8000}""";
    private const string Reminder =
        "Hello Ada. This is a reminder of your appointment on Tuesday at 10 AM. Press 1 to confirm, 2 to reschedule, or 9 to hear this again.";
    private const string NoInput =
        "Sorry, I did not hear anything. Press 1 to confirm your appointment on Tuesday at 10 AM, 2 to reschedule, or 9 to hear this again.";
    private const string Invalid = "That is not one of the choices. Press 1 to confirm, 2 to reschedule, or 9 to hear this again.";

    private static readonly Dictionary<string, string> Variables = new() { ["name"] = "Ada", ["when"] = "Tuesday at 10 AM" };

    private async Task<CallWalk> AnsweredAsync()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("appointment-reminder", Variables));
        JsonAssert.Equivalent(Expect.Speak(Reminder, Collect), await walk.DialCompletedAsync());
        return walk;
    }

    [Fact]
    public async Task Pressing_9_repeats_and_1_confirms_then_hangs_up()
    {
        var walk = await AnsweredAsync();

        JsonAssert.Equivalent(Expect.Speak(Reminder, Collect), await walk.SpeakCompletedAsync("9"));
        JsonAssert.Equivalent(Expect.Speak("Thank you, your appointment is confirmed. Goodbye."), await walk.SpeakCompletedAsync("1"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());
        JsonAssert.Equivalent(Expect.Hangup, await walk.CallCompletedAsync());

        var call = await factory.FindCallAsync(walk.ReferenceId);
        Assert.Null(call!.Step);
        Assert.Equal(["9", "1"], call.Digits.Select(d => d.Digits));
        Assert.All(call.Digits, d => Assert.Equal("reminder", d.Step));
    }

    [Fact]
    public async Task Pressing_2_announces_then_transfers_and_the_end_of_the_leg_hangs_up()
    {
        var walk = await AnsweredAsync();

        JsonAssert.Equivalent(Expect.Speak("Connecting you to our scheduling desk."), await walk.SpeakCompletedAsync("2"));
        JsonAssert.Equivalent(Expect.Dial("15555550100"), await walk.SpeakCompletedAsync());
        Assert.Equal("transferred", (await factory.FindCallAsync(walk.ReferenceId))!.Status);
        JsonAssert.Equivalent(Expect.Hangup, await walk.CallLegCompletedAsync());
    }

    [Fact]
    public async Task No_input_and_invalid_input_reprompt_until_the_attempts_run_out()
    {
        var walk = await AnsweredAsync();

        JsonAssert.Equivalent(Expect.Speak(NoInput, Collect), await walk.SpeakCompletedAsync());
        var call = await factory.FindCallAsync(walk.ReferenceId);
        Assert.Equal(("reminder", 2), (call!.Step, call.Attempts));
        JsonAssert.Equivalent(Expect.Speak(Invalid, Collect), await walk.SpeakCompletedAsync("7"));
        JsonAssert.Equivalent(
            Expect.Speak("We did not get your answer. Please call us to confirm your appointment. Goodbye."),
            await walk.SpeakCompletedAsync());
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());
    }

    [Fact]
    public async Task A_dial_that_is_not_answered_hangs_up()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("appointment-reminder", Variables));

        JsonAssert.Equivalent(Expect.Hangup, await walk.DialCompletedAsync("busy"));
        Assert.Null((await factory.FindCallAsync(walk.ReferenceId))!.Step);
    }

    [Fact]
    public async Task A_variable_missing_at_runtime_is_never_spoken_the_call_goes_to_on_error()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("appointment-reminder", new Dictionary<string, string> { ["name"] = "Ada" }));

        var answer = await walk.DialCompletedAsync();

        JsonAssert.Equivalent(Expect.Speak("Sorry, we cannot continue this call. Goodbye."), answer);
        Assert.DoesNotContain("{", answer.Replace("{\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());
    }

    [Fact]
    public void Missing_variables_are_found_before_dialling()
    {
        var catalog = factory.Services.GetRequiredService<FlowCatalog>();

        Assert.Equal(["name", "when"], catalog.FindMissingVariables("appointment-reminder", null));
        Assert.Equal(["when"], catalog.FindMissingVariables("appointment-reminder", new Dictionary<string, string> { ["name"] = "Ada" }));
        Assert.Empty(catalog.FindMissingVariables("appointment-reminder", Variables));
        Assert.Empty(catalog.FindMissingVariables("pin-capture", null));
        Assert.Empty(catalog.FindMissingVariables(null, null));
        Assert.True(catalog.Exists("appointment-reminder"));
        Assert.True(catalog.Exists(null));
        Assert.False(catalog.Exists("no-such-flow"));
    }
}

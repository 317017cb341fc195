using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

public class PinCaptureTests(FlowsFactory factory) : IClassFixture<FlowsFactory>
{
    private const string PinCollect = """{"max":6,"timeout":10000,"inter_digit_timeout":5000,"terminators":"#"}""";
    private const string ConfirmCollect = """{"max":1,"timeout":8000}""";
    private const string EnterPin = "Please enter your PIN of 4 to 6 digits, then press the pound key.";

    [Fact]
    public async Task A_short_pin_is_refused_a_good_one_is_read_back_digit_by_digit_and_confirmed()
    {
        var walk = CallWalk.Start(factory);
        JsonAssert.Equivalent(Expect.Speak(EnterPin, PinCollect), await walk.IncomingCallAsync(FlowsFactory.PinNumber));

        JsonAssert.Equivalent(
            Expect.Speak("A PIN has 4 to 6 digits. Please enter it again, then press pound.", PinCollect),
            await walk.SpeakCompletedAsync("12#"));
        JsonAssert.Equivalent(
            Expect.Speak("You entered 1 2 3 4. Press 1 if that is right, or 2 to enter it again.", ConfirmCollect),
            await walk.SpeakCompletedAsync("1234#"));
        JsonAssert.Equivalent(Expect.Speak(EnterPin, PinCollect), await walk.SpeakCompletedAsync("2"));
        JsonAssert.Equivalent(
            Expect.Speak("You entered 9 8 7 6 5 4. Press 1 if that is right, or 2 to enter it again.", ConfirmCollect),
            await walk.SpeakCompletedAsync("987654"));
        JsonAssert.Equivalent(Expect.Speak("Thank you, your PIN is confirmed. Goodbye."), await walk.SpeakCompletedAsync("1"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());

        var kept = (await factory.FindCallAsync(walk.ReferenceId))!.Variables["pin"];
        Assert.StartsWith("dp1:", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("987654", kept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letters_of_the_keypad_that_are_not_digits_are_invalid_and_three_misses_give_up()
    {
        var walk = CallWalk.Start(factory);
        await walk.IncomingCallAsync(FlowsFactory.PinNumber);

        JsonAssert.Equivalent(
            Expect.Speak("A PIN has 4 to 6 digits. Please enter it again, then press pound.", PinCollect),
            await walk.SpeakCompletedAsync("12*4"));
        JsonAssert.Equivalent(
            Expect.Speak("I did not hear a PIN. Please enter 4 to 6 digits, then press pound.", PinCollect),
            await walk.SpeakCompletedAsync());
        JsonAssert.Equivalent(Expect.Speak("Sorry, we could not get your PIN. Goodbye."), await walk.SpeakCompletedAsync("#"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.SpeakCompletedAsync());
    }
}

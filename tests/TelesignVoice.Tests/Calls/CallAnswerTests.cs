using TelesignVoice.Calls;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Tests.Calls;

public class CallAnswerTests
{
    private static readonly ValidCall Call =
        new("15555551212", "15554441313", null, "ext-1", null, null, new Dictionary<string, string>());

    [Fact]
    public void Open_circuit_is_503_with_the_time_left_as_retry_after_and_releases_the_key()
    {
        var dial = new DialResult(DialOutcome.CircuitOpen, null, null, null, null, TimeSpan.FromSeconds(12.2));

        var answer = CallAnswer.From(PlaceCallResult.Dialed(Call, dial, null));

        Assert.Equal(503, answer.StatusCode);
        Assert.Equal(13, answer.RetryAfterSeconds);
        Assert.False(answer.IsFinal);
    }

    [Fact]
    public void Unreachable_Telesign_is_503_because_no_call_was_placed()
    {
        var dial = new DialResult(DialOutcome.Unreachable, null, null, null, null);

        var answer = CallAnswer.From(PlaceCallResult.Dialed(Call, dial, null));

        Assert.Equal(503, answer.StatusCode);
        Assert.Equal(5, answer.RetryAfterSeconds);
    }

    [Fact]
    public void Unknown_outcome_is_final_so_a_replay_never_dials_again()
    {
        var dial = new DialResult(DialOutcome.Unknown, 500, null, null, "oops");

        var answer = CallAnswer.From(PlaceCallResult.Dialed(Call, dial, "unknown-ext-1"));

        Assert.Equal(504, answer.StatusCode);
        Assert.True(answer.IsFinal);
        Assert.Equal("unknown-ext-1", answer.ReferenceId);
    }
}

public class PhoneNumbersTests
{
    [Theory]
    [InlineData("+1 (555) 555-1212", "15555551212")]
    [InlineData("15555551212", "15555551212")]
    [InlineData("44.20.7946.0958", "442079460958")]
    [InlineData(" +49 30 901820 ", "4930901820")]
    public void Numbers_written_by_people_become_digits_with_country_code(string input, string expected) =>
        Assert.Equal(expected, TelesignVoice.Calls.PhoneNumbers.Normalize(input));

    [Theory]
    [InlineData("")]
    [InlineData("1234567")]
    [InlineData("1234567890123456")]
    [InlineData("555-CALL-NOW")]
    [InlineData("++15555551212")]
    [InlineData("1555555121x")]
    public void Anything_else_is_refused(string input) =>
        Assert.Null(TelesignVoice.Calls.PhoneNumbers.Normalize(input));
}

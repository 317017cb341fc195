using TelesignVoice.Simulator;

namespace TelesignVoice.Tests.Simulator;

public class ActionValidatorTests
{
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"hangup","params":{}}""", "dial_completed")]
    [InlineData("""{"method":"speak","params":{"tts":{"message":"Press 1","language":"en-US"},"collect_digits":{"max":1,"timeout":10000,"inter_digit_timeout":3000,"terminators":"#"}}}""", "incoming_call")]
    [InlineData("""{"jsonrpc":"2.0","method":"play","params":{"url":"https://example.com/menu.wav"}}""", "speak_completed")]
    [InlineData("""{"method":"play_multiple","params":{"urls":["https://example.com/a.wav","https://example.com/b.wav"]}}""", "dial_completed")]
    [InlineData("""{"method":"dial","params":{"to":"15558675309","caller_id_number":"15555551212","max_call_duration":"600","send_dtmf":"ww12#"}}""", "incoming_call")]
    [InlineData("""{"method":"send_dtmf","params":{"digits":"1234"}}""", "dial_completed")]
    public void Documented_actions_are_accepted(string body, string eventName)
    {
        var verdict = ActionValidator.Check(body, eventName);

        Assert.True(verdict.IsValid, verdict.Error);
        Assert.NotNull(verdict.Action);
    }

    [Theory]
    [InlineData("Unknown Code Path", "not JSON")]
    [InlineData("""[{"method":"hangup","params":{}}]""", "one JSON object, not an array")]
    [InlineData("""{"params":{}}""", "method is missing")]
    [InlineData("""{"method":"hangup"}""", "params is missing")]
    [InlineData("""{"method":"transfer","params":{}}""", "unknown method \"transfer\"")]
    [InlineData("""{"method":"hangup","params":{},"result":1}""", "unknown field \"result\"")]
    [InlineData("""{"jsonrpc":"1.0","method":"hangup","params":{}}""", "jsonrpc must be the string \"2.0\"")]
    [InlineData("""{"method":"hangup","params":{"reason":"done"}}""", "unknown field params.reason in hangup")]
    [InlineData("""{"method":"speak","params":{"url":"https://example.com/a.wav","tts":{"message":"Hi"}}}""", "params.url belongs to play, not speak")]
    [InlineData("""{"method":"speak","params":{"tts":{"language":"en-US"}}}""", "speak needs params.tts.message")]
    [InlineData("""{"method":"speak","params":{"tts":{"message":"Hi","voice":"f"}}}""", "unknown field params.tts.voice")]
    [InlineData("""{"method":"speak","params":{}}""", "speak needs params.tts")]
    [InlineData("""{"method":"play","params":{}}""", "play needs params.url")]
    [InlineData("""{"method":"play","params":{"url":"menu.wav"}}""", "play needs params.url")]
    [InlineData("""{"method":"play","params":{"url":"https://example.com/a.wav","collect_digits":{"max":0}}}""", "max must be at least 1")]
    [InlineData("""{"method":"speak","params":{"tts":{"message":"Hi"},"collect_digits":{"max":"1"}}}""", "max must be an integer, not a string")]
    [InlineData("""{"method":"play","params":{"url":"https://example.com/a.wav","collect_digits":{"timeout":100}}}""", "collect_digits needs max")]
    [InlineData("""{"method":"play","params":{"url":"https://example.com/a.wav","collect_digits":{"max":1,"min":1}}}""", "unknown field params.collect_digits.min")]
    [InlineData("""{"method":"play","params":{"url":"https://example.com/a.wav","collect_digits":{"max":1,"terminators":"x"}}}""", "terminators must be a string of keys")]
    [InlineData("""{"method":"dial","params":{"to":"15558675309","caller_id_number":"15555551212","max_call_duration":600}}""", "max_call_duration must be a string of seconds, not a number")]
    [InlineData("""{"method":"dial","params":{"to":"15558675309","caller_id_number":"15555551212","max_call_duration":"20000"}}""", "max_call_duration must be between")]
    [InlineData("""{"method":"dial","params":{"caller_id_number":"15555551212"}}""", "dial needs params.to")]
    [InlineData("""{"method":"dial","params":{"to":"15558675309"}}""", "dial needs params.caller_id_number")]
    [InlineData("""{"method":"dial","params":{"to":"15558675309","caller_id_number":"15555551212","send_dtmf":"12x"}}""", "params.send_dtmf must be a string of 0-9")]
    [InlineData("""{"method":"send_dtmf","params":{}}""", "params.digits is required")]
    [InlineData("""{"method":"play_multiple","params":{"urls":[]}}""", "play_multiple needs params.urls")]
    public void Actions_that_are_not_Telesign_wire_format_are_rejected_with_a_clear_reason(string body, string expected)
    {
        var verdict = ActionValidator.Check(body, "incoming_call");

        Assert.False(verdict.IsValid);
        Assert.Equal(ActionValidator.InvalidAction, verdict.Status);
        Assert.Contains(expected, verdict.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"method":"dial","params":{"to":"15558675309","caller_id_number":"15555551212"}}""", "dial_completed")]
    [InlineData("""{"method":"send_dtmf","params":{"digits":"1"}}""", "incoming_call")]
    [InlineData("""{"method":"send_dtmf","params":{"digits":"1"}}""", "speak_completed")]
    public void Valid_action_that_may_not_answer_the_event_is_an_unsupported_call_state(string body, string eventName)
    {
        var verdict = ActionValidator.Check(body, eventName);

        Assert.Equal(ActionValidator.UnsupportedCallState, verdict.Status);
        Assert.StartsWith($"{verdict.Action!.Method} may not answer {eventName}", verdict.Error, StringComparison.Ordinal);
    }
}

using TelesignVoice.Telesign;

namespace TelesignVoice.Tests.Telesign;

public class TelesignCallRulesTests
{
    [Theory]
    [InlineData("incoming_call", "dial", true)]
    [InlineData("incoming_call", "send_dtmf", false)]
    [InlineData("dial_completed", "dial", false)]
    [InlineData("dial_completed", "send_dtmf", true)]
    [InlineData("dial_completed", "play_multiple", true)]
    [InlineData("speak_completed", "dial", true)]
    [InlineData("play_completed", "send_dtmf", false)]
    [InlineData("call_leg_completed", "speak", true)]
    [InlineData("call_completed", "hangup", true)]
    [InlineData("recording_completed", "hangup", true)]
    [InlineData("recording_completed", "speak", false)]
    public void Allowed_actions_follow_the_documented_table(string eventName, string method, bool allowed)
    {
        Assert.Equal(allowed, TelesignCallRules.IsAllowed(eventName, method));
    }
}

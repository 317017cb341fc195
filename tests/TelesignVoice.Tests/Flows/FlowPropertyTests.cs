using System.Text.Json;
using TelesignVoice.Telesign;

namespace TelesignVoice.Tests.Flows;

/// <summary>
/// Random callers against every shipped flow (and the code flow): whatever they press, each answer is an
/// action Telesign accepts for the event, and each call ends within a bounded number of events.
/// </summary>
public class FlowPropertyTests(FlowsFactory factory) : IClassFixture<FlowsFactory>
{
    private const int Walks = 300;
    private const int MaxEvents = 40;
    private const string Keys = "0123456789*#";

    private static readonly Dictionary<string, string> ReminderVariables = new() { ["name"] = "Ada", ["when"] = "Tuesday" };

    [Fact]
    public async Task Random_callers_only_ever_get_allowed_actions_and_every_call_ends()
    {
        var random = new Random(20261127);
        var transfers = 0;
        for (var i = 0; i < Walks; i++)
        {
            var (events, transferred) = await WalkAsync(i % 5, random);
            Assert.InRange(events, 1, MaxEvents);
            transfers += transferred;
        }

        Assert.True(transfers > 0, "some random callers should have reached a transfer");
    }

    private async Task<(int Events, int Transfers)> WalkAsync(int start, Random random)
    {
        CallWalk walk;
        string answer;
        string eventName;
        switch (start)
        {
            case 0 or 1:
                walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync(
                    start == 0 ? null : "appointment-reminder", start == 0 ? null : ReminderVariables));
                (eventName, answer) = ("dial_completed", await walk.DialCompletedAsync());
                break;
            default:
                walk = CallWalk.Start(factory);
                var number = new[] { FlowsFactory.SupportNumber, FlowsFactory.PinNumber, FlowsFactory.BalanceNumber }[start - 2];
                (eventName, answer) = ("incoming_call", await walk.IncomingCallAsync(number));
                break;
        }

        var transfers = 0;
        for (var events = 1; events <= MaxEvents; events++)
        {
            var method = JsonDocument.Parse(answer).RootElement.GetProperty("method").GetString()!;
            Assert.True(TelesignCallRules.IsAllowed(eventName, method), $"{method} answered {eventName} (walk {walk.ReferenceId})");
            switch (method)
            {
                case TelesignMethods.Hangup:
                    Assert.Equal(Expect.Hangup, await walk.CallCompletedAsync());
                    return (events, transfers);
                case TelesignMethods.Dial:
                    transfers++;
                    (eventName, answer) = ("call_leg_completed", await walk.CallLegCompletedAsync());
                    break;
                case TelesignMethods.Speak:
                    (eventName, answer) = ("speak_completed", await walk.SpeakCompletedAsync(RandomDigits(random)));
                    break;
                case TelesignMethods.Play or TelesignMethods.PlayMultiple:
                    (eventName, answer) = ("play_completed", await walk.PlayCompletedAsync(RandomDigits(random)));
                    break;
                default:
                    Assert.Fail($"unexpected {method} answering {eventName}");
                    break;
            }
        }

        Assert.Fail($"walk {walk.ReferenceId} did not end within {MaxEvents} events");
        return (MaxEvents, transfers);
    }

    /// <summary>Silence, one key (what menus expect) or a run of keys (what PINs and accounts expect), about equally often.</summary>
    private static string RandomDigits(Random random) => random.Next(3) switch
    {
        0 => string.Empty,
        1 => Keys[random.Next(Keys.Length)].ToString(),
        _ => new string([.. Enumerable.Range(0, random.Next(2, 9)).Select(_ => Keys[random.Next(Keys.Length)])]),
    };
}

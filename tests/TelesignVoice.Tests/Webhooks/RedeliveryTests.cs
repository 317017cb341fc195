using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Flows;
using TelesignVoice.Tests.Support;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Tests.Webhooks;

/// <summary>
/// The sample flows and two code flows on real Kestrel (so a dropped connection is a dropped connection),
/// a clock the test moves, and a store that can hold an event between its commit and its answer. Default
/// settings otherwise.
/// </summary>
public class RedeliveryHost : FlowsFactory
{
    public const string TwoMenusNumber = "15550004444";
    public const string MessagesNumber = "15550005555";

    public RedeliveryHost()
    {
        WithServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ICallStore>(Store);
            services.AddSingleton<ICallEventObserver>(Observed);
        });
        WithSettings(new Dictionary<string, string?>
        {
            [$"Flows:Inbound:{TwoMenusNumber}"] = "two-menus",
            [$"Flows:Inbound:{MessagesNumber}"] = "messages",
        });
        UseKestrel(0);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 31, 8, 0, 0, TimeSpan.Zero));

    public HoldingCallStore Store { get; } = new();

    public RecordingObserver Observed { get; } = new();

    /// <summary>Every event the observers were told of, by call (campaigns learn outcomes this way).</summary>
    public sealed class RecordingObserver : ICallEventObserver
    {
        private readonly ConcurrentQueue<(string ReferenceId, string Event)> _seen = new();

        public int Count(string referenceId, string eventName) => _seen.Count(e => e.ReferenceId == referenceId && e.Event == eventName);

        public Task OnEventCommittedAsync(CallRecord call, TelesignEvent evt, CancellationToken cancellationToken)
        {
            _seen.Enqueue((call.ReferenceId, evt.Event!));
            return Task.CompletedTask;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddCallFlow("two-menus", flow => flow
                .Language("en-US")
                .StartAt("main")
                .Step("main", new FlowStep
                {
                    Say = "Main menu. For technical support, press 2.",
                    Ask = new FlowAsk { Choices = new Dictionary<string, string> { ["2"] = "technical" } },
                })
                .Step("technical", new FlowStep
                {
                    Say = "Technical support. For an engineer, press 2. To go back, press 9.",
                    Ask = new FlowAsk { Choices = new Dictionary<string, string> { ["2"] = "engineer", ["9"] = "main" } },
                })
                .Step("engineer", new FlowStep { Transfer = new FlowTransfer { To = "15555550199", After = "bye" } })
                .Step("bye", new FlowStep { Say = "Goodbye.", Hangup = true }));
            services.AddCallFlow("messages", flow => flow
                .Language("en-US")
                .StartAt("one")
                .Step("one", new FlowStep { Say = "One.", Next = "two" })
                .Step("two", new FlowStep { Say = "Two.", Next = "three" })
                .Step("three", new FlowStep { Say = "Three.", Hangup = true }));
        });
    }
}

/// <summary>
/// Telesign's events carry no id or timestamp, so a re-delivery and a repeat are the same bytes. The rule
/// (docs/webhook-redelivery.md): an identical body is a re-delivery when the answer to the call's latest
/// event was never given, or when it cannot be new for the call's state; otherwise it is a new event. No
/// time window: these tests post back to back, and minutes apart.
/// </summary>
public class RedeliveryTests(RedeliveryHost host) : IClassFixture<RedeliveryHost>
{
    private const string MenuCollect = """{"max":1,"timeout":5000}""";
    private const string SupportNoInput = "Sorry, I did not hear a choice. For sales, press 1. For support, press 2. For the operator, press 0.";
    private const string Collect = """{"max":1}""";

    [Fact]
    public async Task Identical_silences_back_to_back_use_the_attempts_the_flow_gives_then_say_goodbye()
    {
        using var client = host.CreateClient();
        var referenceId = await InboundAsync(client, FlowsFactory.SupportNumber);
        var silence = CallEvents.SpeakCompleted(referenceId, string.Empty);

        for (var i = 0; i < 3; i++)
        {
            JsonAssert.Equivalent(Expect.Speak(SupportNoInput, MenuCollect), await PostAsync(client, silence));
        }

        JsonAssert.Equivalent(Expect.Speak("Goodbye."), await PostAsync(client, silence));
        JsonAssert.Equivalent(Expect.Hangup, await PostAsync(client, silence));
        Assert.Equal(6, (await EventsAsync(referenceId)).Count);
    }

    [Fact]
    public async Task The_same_key_at_two_menus_at_once_is_routed_by_the_second_menu()
    {
        using var client = host.CreateClient();
        var referenceId = await InboundAsync(client, RedeliveryHost.TwoMenusNumber);
        var two = CallEvents.SpeakCompleted(referenceId, "2");

        JsonAssert.Equivalent(
            Expect.Speak("Technical support. For an engineer, press 2. To go back, press 9.", Collect),
            await PostAsync(client, two));
        JsonAssert.Equivalent(Expect.Dial("15555550199"), await PostAsync(client, two));

        Assert.Equal(["2", "2"], (await host.FindCallAsync(referenceId))!.Digits.Select(d => d.Digits));
    }

    [Fact]
    public async Task Two_message_only_steps_in_a_row_both_play()
    {
        using var client = host.CreateClient();
        var referenceId = await InboundAsync(client, RedeliveryHost.MessagesNumber);
        var done = CallEvents.SpeakCompleted(referenceId, string.Empty);

        JsonAssert.Equivalent(Expect.Speak("Two."), await PostAsync(client, done));
        JsonAssert.Equivalent(Expect.Speak("Three."), await PostAsync(client, done));
        JsonAssert.Equivalent(Expect.Hangup, await PostAsync(client, done));
    }

    [Fact]
    public async Task The_readme_incoming_call_sent_again_minutes_later_gets_the_same_answer()
    {
        using var client = host.CreateClient();
        var referenceId = Guid.NewGuid().ToString("N");
        var dial = CallEvents.IncomingCall(referenceId);
        var first = await PostAsync(client, dial);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await PostAsync(client, dial);

        Assert.Equal(first, again);
        Assert.Equal("play", System.Text.Json.JsonDocument.Parse(again).RootElement.GetProperty("method").GetString());
        Assert.Equal(1L, (await host.FindCallAsync(referenceId))!.Version);
    }

    [Fact]
    public async Task After_a_hangup_answer_an_identical_prompt_event_is_a_redelivery()
    {
        using var client = host.CreateClient();
        var referenceId = await InboundAsync(client, RedeliveryHost.MessagesNumber);
        var done = CallEvents.SpeakCompleted(referenceId, string.Empty);
        await PostAsync(client, done);
        await PostAsync(client, done);
        var hangup = await PostAsync(client, done);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(hangup, await PostAsync(client, done));
        Assert.Equal(4, (await EventsAsync(referenceId)).Count);
    }

    [Fact]
    public async Task An_event_whose_answer_was_never_given_is_replayed_however_late_and_changes_nothing()
    {
        using var client = host.CreateClient();
        var referenceId = await InboundAsync(client, RedeliveryHost.TwoMenusNumber);
        var two = CallEvents.SpeakCompleted(referenceId, "2");

        // Telesign's connection drops after the event was committed and before the answer is written.
        var hold = host.Store.HoldNextCommit();
        using (var abandon = new CancellationTokenSource())
        {
            var first = PostAsync(client, two, abandon.Token);
            await hold.Committed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await abandon.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
            await Task.Delay(200); // lets the server see the closed connection before it writes
            hold.Released.SetResult();
        }

        var afterAbort = await host.FindCallAsync(referenceId);
        Assert.False(await EventuallyGivenAsync(referenceId, afterAbort!.Version - 1));

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await PostAsync(client, two);

        JsonAssert.Equivalent(Expect.Speak("Technical support. For an engineer, press 2. To go back, press 9.", Collect), again);
        var after = await host.FindCallAsync(referenceId);
        Assert.Equal((afterAbort.Version, afterAbort.Step), (after!.Version, after.Step));
        Assert.Equal(["2"], after.Digits.Select(d => d.Digits));

        // The replay tells the observers again (they are idempotent): had the first delivery's process died
        // between its commit and them, a campaign would otherwise never learn how this call went.
        Assert.Equal(2, host.Observed.Count(referenceId, "speak_completed"));

        // Given this time: the same key now is the caller pressing 2 at the technical menu.
        Assert.True(await EventuallyGivenAsync(referenceId, afterAbort.Version - 1));
        JsonAssert.Equivalent(Expect.Dial("15555550199"), await PostAsync(client, two));
    }

    [Fact]
    public async Task Identical_deliveries_racing_before_any_answer_get_one_answer_and_advance_the_call_once()
    {
        using var client = host.CreateClient();
        var referenceId = await InboundAsync(client, FlowsFactory.SupportNumber);
        var silence = CallEvents.SpeakCompleted(referenceId, string.Empty);

        var hold = host.Store.HoldNextCommit();
        var first = PostAsync(client, silence);
        await hold.Committed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The first delivery is still in flight (committed, not answered); its three twins arrive together.
        host.Store.GatherNextReads(3);
        var twins = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAsync(client, silence)));
        hold.Released.SetResult();
        var answers = twins.Append(await first);

        JsonAssert.Equivalent(Expect.Speak(SupportNoInput, MenuCollect), Assert.Single(answers.Distinct(StringComparer.Ordinal)));
        Assert.Equal(2L, (await host.FindCallAsync(referenceId))!.Version);
        Assert.Equal(2, (await EventsAsync(referenceId)).Count);
    }

    [Fact]
    public async Task Pressing_the_repeat_key_twice_repeats_twice_and_then_a_choice_still_works()
    {
        var reminder = "Hello Ada. This is a reminder of your appointment on Tuesday at 10 AM. Press 1 to confirm, 2 to reschedule, or 9 to hear this again.";
        var referenceId = await host.SeedOutboundCallAsync("appointment-reminder", new Dictionary<string, string> { ["name"] = "Ada", ["when"] = "Tuesday at 10 AM" });
        using var client = host.CreateClient();
        JsonAssert.Equivalent(Expect.Speak(reminder, """{"max":1,"timeout":8000}"""), await PostAsync(client, CallEvents.DialCompleted(referenceId)));

        for (var i = 0; i < 2; i++)
        {
            JsonAssert.Equivalent(Expect.Speak(reminder, """{"max":1,"timeout":8000}"""), await PostAsync(client, CallEvents.SpeakCompleted(referenceId, "9")));
        }

        JsonAssert.Equivalent(
            Expect.Speak("Thank you, your appointment is confirmed. Goodbye."),
            await PostAsync(client, CallEvents.SpeakCompleted(referenceId, "1")));
        Assert.Equal(["9", "9", "1"], (await host.FindCallAsync(referenceId))!.Digits.Select(d => d.Digits));
    }

    private async Task<bool> EventuallyGivenAsync(string referenceId, long callVersion)
    {
        for (var i = 0; i < 50; i++)
        {
            if ((await EventsAsync(referenceId)).Single(e => e.CallVersion == callVersion).AnswerGiven)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private static async Task<string> InboundAsync(HttpClient client, string number)
    {
        var referenceId = Guid.NewGuid().ToString("N");
        var incoming = $$$"""{"event":"incoming_call","reference_id":"{{{referenceId}}}","data":{"to":"{{{number}}}","from":"15557770000"}}""";
        CallEvents.AssertIsAction(await PostAsync(client, incoming));
        return referenceId;
    }

    private static async Task<string> PostAsync(HttpClient client, string body, CancellationToken cancellationToken = default)
    {
        using var request = TelesignSigner.SignedEvent(body);
        using var response = await client.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        return answer;
    }

    private Task<IReadOnlyList<EventRecord>> EventsAsync(string referenceId) => host.Store.GetEventsAsync(referenceId, CancellationToken.None);
}

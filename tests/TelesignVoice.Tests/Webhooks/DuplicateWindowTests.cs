using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Flows;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Webhooks;

/// <summary>The sample flows on a clock the test moves: a re-delivery takes seconds, a repeat takes longer.</summary>
public class FakeClockFlowsFactory : FlowsFactory
{
    public FakeClockFlowsFactory() => WithServices(services => services.AddSingleton<TimeProvider>(Clock));

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 31, 8, 0, 0, TimeSpan.Zero));
}

/// <summary>
/// Telesign's events carry no id or timestamp, so a re-delivery and a second silence are the same bytes:
/// only the time since the identical body was received (Telesign:Webhook:DuplicateWindowSeconds, 3 s by
/// default) tells them apart.
/// </summary>
public class DuplicateWindowTests(FakeClockFlowsFactory factory) : IClassFixture<FakeClockFlowsFactory>
{
    private const string SupportCollect = """{"max":1,"timeout":5000}""";
    private const string SupportNoInput = "Sorry, I did not hear a choice. For sales, press 1. For support, press 2. For the operator, press 0.";
    private const string Reminder =
        "Hello Ada. This is a reminder of your appointment on Tuesday at 10 AM. Press 1 to confirm, 2 to reschedule, or 9 to hear this again.";

    [Fact]
    public async Task An_identical_body_within_the_window_gets_the_identical_answer_and_is_stored_once()
    {
        using var client = factory.CreateClient();
        var referenceId = await SupportCallAsync(client);
        var silence = CallEvents.SpeakCompleted(referenceId, string.Empty);
        var first = await PostAsync(client, silence);
        var afterFirst = await factory.FindCallAsync(referenceId);

        factory.Clock.Advance(TimeSpan.FromSeconds(3));
        var again = await PostAsync(client, silence);

        Assert.Equal(first, again);
        JsonAssert.Equivalent(Expect.Speak(SupportNoInput, SupportCollect), again);
        var after = await factory.FindCallAsync(referenceId);
        Assert.Equal((afterFirst!.Version, afterFirst.Attempts), (after!.Version, after.Attempts));
        Assert.Equal(2, (await EventsAsync(factory, referenceId)).Count);
    }

    [Fact]
    public async Task Identical_silences_further_apart_than_the_window_reprompt_three_times_then_say_goodbye()
    {
        using var client = factory.CreateClient();
        var referenceId = await SupportCallAsync(client);
        var silence = CallEvents.SpeakCompleted(referenceId, string.Empty);

        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(4));
            JsonAssert.Equivalent(Expect.Speak(SupportNoInput, SupportCollect), await PostAsync(client, silence));
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(4));
        JsonAssert.Equivalent(Expect.Speak("Goodbye."), await PostAsync(client, silence));
        factory.Clock.Advance(TimeSpan.FromSeconds(4));
        JsonAssert.Equivalent(Expect.Hangup, await PostAsync(client, silence));
        Assert.Equal(6, (await EventsAsync(factory, referenceId)).Count);
    }

    [Fact]
    public async Task Identical_deliveries_at_once_get_identical_answers_and_advance_the_call_once()
    {
        using var client = factory.CreateClient();
        var referenceId = await SupportCallAsync(client);
        var silence = CallEvents.SpeakCompleted(referenceId, string.Empty);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(client, silence)));

        JsonAssert.Equivalent(Expect.Speak(SupportNoInput, SupportCollect), Assert.Single(answers.Distinct(StringComparer.Ordinal)));
        Assert.Equal(2L, (await factory.FindCallAsync(referenceId))!.Version);
        Assert.Equal(2, (await EventsAsync(factory, referenceId)).Count);
    }

    [Fact]
    public async Task Pressing_the_repeat_key_twice_repeats_twice_and_then_a_choice_still_works()
    {
        var referenceId = await factory.SeedOutboundCallAsync("appointment-reminder", new Dictionary<string, string> { ["name"] = "Ada", ["when"] = "Tuesday at 10 AM" });
        using var client = factory.CreateClient();
        JsonAssert.Equivalent(Expect.Speak(Reminder, """{"max":1,"timeout":8000}"""), await PostAsync(client, CallEvents.DialCompleted(referenceId)));

        for (var i = 0; i < 2; i++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(12));
            JsonAssert.Equivalent(Expect.Speak(Reminder, """{"max":1,"timeout":8000}"""), await PostAsync(client, CallEvents.SpeakCompleted(referenceId, "9")));
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(12));
        JsonAssert.Equivalent(
            Expect.Speak("Thank you, your appointment is confirmed. Goodbye."),
            await PostAsync(client, CallEvents.SpeakCompleted(referenceId, "1")));
        Assert.Equal(["9", "9", "1"], (await factory.FindCallAsync(referenceId))!.Digits.Select(d => d.Digits));
    }

    [Fact]
    public async Task With_a_window_of_0_an_identical_body_is_always_a_new_event()
    {
        await using var noWindow = new FakeClockFlowsFactory();
        noWindow.WithSettings(new Dictionary<string, string?> { ["Telesign:Webhook:DuplicateWindowSeconds"] = "0" });
        using var client = noWindow.CreateClient();
        var referenceId = await SupportCallAsync(client);
        var silence = CallEvents.SpeakCompleted(referenceId, string.Empty);

        var first = await PostAsync(client, silence);
        var second = await PostAsync(client, silence);

        Assert.Equal(first, second);
        Assert.Equal(3, (await EventsAsync(noWindow, referenceId)).Count);
        Assert.Equal(3L, (await noWindow.FindCallAsync(referenceId))!.Version);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void A_window_outside_0_to_60_seconds_is_refused_naming_the_key(int seconds)
    {
        var options = new TelesignOptions { ApiKey = TestAccount.ApiKey, Webhook = new WebhookOptions { DuplicateWindowSeconds = seconds } };

        var result = new TelesignOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Telesign:Webhook:DuplicateWindowSeconds must be between 0 and 60", result.FailureMessage, StringComparison.Ordinal);
    }

    private static async Task<string> SupportCallAsync(HttpClient client)
    {
        var referenceId = Guid.NewGuid().ToString("N");
        var incoming = $$$"""{"event":"incoming_call","reference_id":"{{{referenceId}}}","data":{"to":"{{{FlowsFactory.SupportNumber}}}","from":"15557770000"}}""";
        CallEvents.AssertIsAction(await PostAsync(client, incoming));
        return referenceId;
    }

    private static async Task<string> PostAsync(HttpClient client, string body)
    {
        using var request = TelesignSigner.SignedEvent(body);
        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        return answer;
    }

    private static Task<IReadOnlyList<EventRecord>> EventsAsync(FakeClockFlowsFactory app, string referenceId) =>
        app.Services.GetRequiredService<ICallStore>().GetEventsAsync(referenceId, CancellationToken.None);
}

using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary>A call's place in its flow lives in the store, so another instance (or a restarted one) continues it.</summary>
public sealed class FlowRestartTests : IDisposable
{
    private const string Collect = """{"max":1,"timeout":5000}""";
    private readonly string _folder = Directory.CreateTempSubdirectory("flows-restart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FlowsFactory Instance() => (FlowsFactory)new FlowsFactory().WithSettings(new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "calls.db")};Pooling=false",
    });

    [Fact]
    public async Task Two_instances_sharing_a_store_continue_each_others_calls_with_the_attempts_counted()
    {
        await using var first = Instance();
        await using var second = Instance();
        var referenceId = Guid.NewGuid().ToString("N");
        var onFirst = CallWalk.Start(first, referenceId);
        var onSecond = new CallWalk(second.CreateClient(), referenceId, firstSequence: 100);

        await onFirst.IncomingCallAsync(FlowsFactory.SupportNumber);
        JsonAssert.Equivalent(
            Expect.Speak("That is not a choice. For sales, press 1. For support, press 2. For the operator, press 0.", Collect),
            await onSecond.SpeakCompletedAsync("7"));
        JsonAssert.Equivalent(
            Expect.Speak("Sorry, I did not hear a choice. For sales, press 1. For support, press 2. For the operator, press 0.", Collect),
            await onFirst.SpeakCompletedAsync());

        var call = await second.FindCallAsync(referenceId);
        Assert.Equal(("menu", 3), (call!.Step, call.Attempts));
        JsonAssert.Equivalent(Expect.Dial("15555550102"), await onSecond.SpeakCompletedAsync("2"));
    }
}

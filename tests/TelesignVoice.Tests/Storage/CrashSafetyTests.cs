using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>
/// Once the webhook has answered, the call's new state is on disk: the server is killed with SIGKILL
/// between two events of a call and restarted on the same SQLite file, and the call carries on; an event
/// committed whose answer was never given is replayed when Telesign sends it again after the restart.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const string ReferenceId = "CRASH0000000000000000000000000001";

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_call_survives_sigkill_between_its_events_and_continues_after_restart()
    {
        string dialAnswer, speakAnswer;
        await using (var first = StartServer())
        {
            await first.WaitUntilReadyAsync();
            dialAnswer = await first.PostEventAsync(CallEvents.IncomingCall(ReferenceId));
            first.Kill();
        }

        var afterFirstKill = await ReadCallAsync();
        Assert.Equal((CallStatuses.InProgress, 1L), (afterFirstKill.Call.Status, afterFirstKill.Call.Version));
        Assert.Equal(dialAnswer, Assert.Single(afterFirstKill.Events).ActionJson);

        await using (var second = StartServer())
        {
            await second.WaitUntilReadyAsync();
            Assert.Equal(dialAnswer, await second.PostEventAsync(CallEvents.IncomingCall(ReferenceId)));
            speakAnswer = await second.PostEventAsync(CallEvents.SpeakCompleted(ReferenceId, "1"));
            CallEvents.AssertIsAction(speakAnswer);
            second.Kill();
        }

        var afterSecondKill = await ReadCallAsync();
        Assert.Equal(["1"], afterSecondKill.Call.Digits.Select(d => d.Digits));
        Assert.Equal(2L, afterSecondKill.Call.Version);

        // SIGKILL between the commit and the answer leaves the event committed with no mark that its answer
        // was given. The kill above may land just before or just after the mark; this makes it "before".
        await ForgetAnswerGivenAsync(afterSecondKill.Call.Version - 1);

        await using (var third = StartServer())
        {
            await third.WaitUntilReadyAsync();
            Assert.Equal(speakAnswer, await third.PostEventAsync(CallEvents.SpeakCompleted(ReferenceId, "1")));
            CallEvents.AssertIsAction(await third.PostEventAsync(CallEvents.CallCompleted(ReferenceId)));
        }

        var final = await ReadCallAsync();
        Assert.Equal((CallStatuses.Completed, 3L, 9), (final.Call.Status, final.Call.Version, final.Call.EndOfCall?.DurationSeconds));
        Assert.Equal(["1"], final.Call.Digits.Select(d => d.Digits));
        Assert.Equal(["incoming_call", "speak_completed", "call_completed"], final.Events.Select(e => e.EventName));
    }

    private AppProcess StartServer() => AppProcess.StartServer(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Storage__Provider"] = "Sqlite",
        ["Storage__ConnectionString"] = $"Data Source={_folder.File("calls.db")}",
    });

    private async Task<(CallRecord Call, IReadOnlyList<EventRecord> Events)> ReadCallAsync()
    {
        await using var services = StoreServices.Build("Sqlite", $"Data Source={_folder.File("calls.db")}", _folder.Path);
        var store = services.GetRequiredService<ICallStore>();
        var call = await store.FindCallAsync(ReferenceId, default);
        Assert.NotNull(call);
        return (call, await store.GetEventsAsync(ReferenceId, default));
    }

    private async Task ForgetAnswerGivenAsync(long callVersion)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.File("calls.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE events SET answer_given = 0 WHERE reference_id = $reference_id AND call_version = $call_version";
        command.Parameters.AddWithValue("$reference_id", ReferenceId);
        command.Parameters.AddWithValue("$call_version", callVersion);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public void Dispose() => _folder.Dispose();
}

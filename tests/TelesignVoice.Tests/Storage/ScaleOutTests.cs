using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>
/// Two server processes behind an imaginary load balancer, sharing one PostgreSQL database: the events
/// of one call alternate between them, and one body delivered to both at once is handled once.
/// </summary>
public sealed class ScaleOutTests
{
    private const string ReferenceId = "SCALE000000000000000000000000001";

    [PostgresFact]
    public async Task Two_instances_on_one_postgres_carry_one_call_and_answer_a_concurrent_duplicate_identically()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "Postgres",
            ["Storage__ConnectionString"] = database.ConnectionString,
        };
        // Started together on an empty database: both migrate at once at startup.
        await using var a = AppProcess.StartServer(settings);
        await using var b = AppProcess.StartServer(settings);
        await Task.WhenAll(a.WaitUntilReadyAsync(), b.WaitUntilReadyAsync());

        CallEvents.AssertIsAction(await a.PostEventAsync(CallEvents.IncomingCall(ReferenceId)));
        CallEvents.AssertIsAction(await b.PostEventAsync(CallEvents.SpeakCompleted(ReferenceId, "1")));
        CallEvents.AssertIsAction(await a.PostEventAsync(CallEvents.SpeakCompleted(ReferenceId, "2")));

        var duplicate = CallEvents.SpeakCompleted(ReferenceId, "3");
        var answers = await Task.WhenAll(a.PostEventAsync(duplicate), b.PostEventAsync(duplicate));
        Assert.Equal(answers[0], answers[1]);
        CallEvents.AssertIsAction(answers[0]);

        CallEvents.AssertIsAction(await b.PostEventAsync(CallEvents.CallCompleted(ReferenceId)));

        await using var services = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);
        var store = services.GetRequiredService<ICallStore>();
        var call = await store.FindCallAsync(ReferenceId, default);
        Assert.NotNull(call);
        Assert.Equal((CallStatuses.Completed, 5L, TelesignDirections.Inbound), (call.Status, call.Version, call.Direction));
        Assert.Equal(["1", "2", "3"], call.Digits.Select(d => d.Digits));
        var events = await store.GetEventsAsync(ReferenceId, default);
        Assert.Equal(
            ["incoming_call", "speak_completed", "speak_completed", "speak_completed", "call_completed"],
            events.Select(e => e.EventName));
        Assert.Equal(answers[0], events[3].ActionJson);
    }
}

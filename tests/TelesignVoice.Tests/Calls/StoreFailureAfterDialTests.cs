using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Serilog.Events;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

/// <summary>
/// Once the dial has left, the callee may be ringing: no store fault after it may free the
/// Idempotency-Key, or the operator's retry rings the callee a second time.
/// </summary>
public class StoreFailureAfterDialTests
{
    private const string Call = """{"to":"15555551212","external_id":"store-fault-1"}""";

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Store_error_after_the_dial_answers_the_dial_and_a_retry_with_the_same_key_does_not_dial_again(
        bool failRecordDial, bool failInsertCall)
    {
        var store = new FaultyCallStore { FailRecordDial = failRecordDial, FailInsertCall = failInsertCall };
        var sink = new CapturingLogSink();
        using var telesign = new FakeTelesign().ThenAccept("REF-FAULT-1").ThenAccept("REF-FAULT-2");
        using var factory = new CallsFactory();
        factory.WithServices(services => services.AddSingleton<ICallStore>(store).AddSingleton<ILogEventSink>(sink));
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (first, firstBody) = await client.PostCallAsync(Call, "fault-key-1");
        var (retry, retryBody) = await client.PostCallAsync(Call, "fault-key-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("REF-FAULT-1", firstBody.Text("reference_id"));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("REF-FAULT-1", retryBody.Text("reference_id"));
        Assert.Single(telesign.Requests);
        Assert.Equal(0, store.ReleasedKeys);
        var errors = sink.Events.Where(e => e.Level == LogEventLevel.Error && e.RenderMessage().Contains("not recorded", StringComparison.Ordinal)).ToList();
        Assert.Equal((failRecordDial ? 1 : 0) + (failInsertCall ? 1 : 0), errors.Count);
        Assert.All(errors, e => Assert.Equal(("\"REF-FAULT-1\"", "\"store-fault-1\""), (e.Properties["ReferenceId"].ToString(), e.Properties["ExternalId"].ToString())));
    }

    [Fact]
    public async Task Key_left_pending_past_the_dial_timeout_is_answered_504_outcome_unknown_and_never_dials()
    {
        var store = new FaultyCallStore { LoseCompletions = true };
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 3, 9, 0, 0, TimeSpan.Zero));
        using var telesign = new FakeTelesign().ThenAccept("REF-CRASH-1").ThenAccept("REF-CRASH-2");
        using var factory = new CallsFactory();
        factory.WithSettings(new Dictionary<string, string?> { ["Telesign:Resilience:TotalTimeout"] = "00:00:20" });
        factory.WithServices(services => services.AddSingleton<ICallStore>(store).AddSingleton<TimeProvider>(clock));
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (first, _) = await client.PostCallAsync(Call, "crash-key-1");
        clock.Advance(TimeSpan.FromSeconds(50));
        var (withinTimeout, _) = await client.PostCallAsync(Call, "crash-key-1");
        clock.Advance(TimeSpan.FromSeconds(1));
        var (stale, body) = await client.PostCallAsync(Call, "crash-key-1");
        var (again, _) = await client.PostCallAsync(Call, "crash-key-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withinTimeout.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Null(stale.Headers.RetryAfter);
        Assert.Equal(
            "Outcome unknown: the first request with this key may have placed a call; check GET /calls before placing it again.",
            body.Text("detail"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, again.StatusCode);
        Assert.Single(telesign.Requests);
    }
}

using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Operators;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;
using TelesignVoice.Telesign.Client;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Calls;

/// <summary>What happens once a dial may have left: never a second ring, never a key left pending or freed.</summary>
public class DialAfterEffectsTests
{
    /// <summary>A response body whose bytes never come.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    [Fact]
    public async Task A_dial_answer_whose_body_never_arrives_ends_as_unknown_and_the_key_is_not_left_pending()
    {
        using var telesign = new FakeTelesign().Then((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted)
        {
            Content = new StreamContent(new EndlessStream()),
        }));
        using var factory = new CallsFactory();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var posting = client.PostCallAsync("""{"to":"15555551212"}""", "hang-key-1");
        var finished = await Task.WhenAny(posting, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(posting, finished);
        var (first, body) = await posting;
        var (replay, _) = await client.PostCallAsync("""{"to":"15555551212"}""", "hang-key-1");

        Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
        Assert.StartsWith("unknown-", body.Text("reference_id"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.GatewayTimeout, replay.StatusCode);
        Assert.True(replay.Headers.Contains(IdempotentCalls.ReplayedHeaderName));
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public async Task A_fault_that_is_not_a_database_error_after_the_dial_neither_fails_the_call_nor_frees_the_key()
    {
        var store = new FaultyCallStore { CrashInsertCall = true };
        using var telesign = new FakeTelesign().ThenAccept("REF-CRASH-1").ThenAccept("REF-CRASH-2");
        using var factory = new CallsFactory();
        factory.WithServices(services => services.AddSingleton<ICallStore>(store));
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (first, _) = await client.PostCallAsync("""{"to":"15555551212"}""", "crash-key-1");
        var (retry, retryBody) = await client.PostCallAsync("""{"to":"15555551212"}""", "crash-key-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("REF-CRASH-1", retryBody.Text("reference_id"));
        Assert.Single(telesign.Requests);
        Assert.Equal(0, store.ReleasedKeys);
    }

    [Fact]
    public async Task Whatever_escapes_the_dialer_the_key_ends_with_an_unknown_outcome_never_freed()
    {
        var store = new InMemoryCallStore();
        var idempotency = new IdempotentCalls(store, KeyedHashes.Ephemeral(), TimeProvider.System, Options.Create(new TelesignResilienceOptions()));
        var context = new DefaultHttpContext();
        context.Request.Headers[IdempotentCalls.HeaderName] = "escape-key";
        context.Items[OperatorIdentity.ItemKey] = new OperatorIdentity("crm", OperatorRole.Caller, "0011223344556677");
        var request = new PlaceCallRequest { To = "15555551212" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => idempotency.AnswerAsync(
            context, request, _ => throw new InvalidOperationException("after the dial"), default));
        var replay = await idempotency.AnswerAsync(context, request, _ => throw new InvalidOperationException("must not run"), default);

        Assert.Equal(StatusCodes.Status504GatewayTimeout, replay.StatusCode);
        Assert.Contains("may have placed a call", replay.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_placeholder_of_an_unknown_dial_is_gone_once_its_first_event_reveals_the_call()
    {
        using var telesign = new FakeTelesign().ThenAnswer(HttpStatusCode.BadGateway, "<html>proxy error</html>");
        using var factory = new CallsFactory();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();
        using var webhook = host.CreateClient();

        var (placed, _) = await client.PostCallAsync("""{"to":"15555551212","external_id":"ext-unknown-7"}""");
        using var evt = TelesignSigner.SignedEvent("""{"event":"dial_completed","reference_id":"REAL-7","external_id":"ext-unknown-7","data":{"to":"15555551212","from":"15554441313","status":"answered"}}""");
        var answered = await webhook.SendAsync(evt);
        var (placeholder, _) = await client.GetJsonAsync("/calls/unknown-ext-unknown-7");
        var (real, call) = await client.GetJsonAsync("/calls/REAL-7");
        var (_, list) = await client.GetJsonAsync("/calls");

        Assert.Equal(HttpStatusCode.GatewayTimeout, placed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, placeholder.StatusCode);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Single(call!["dials"]!.AsArray());
        Assert.DoesNotContain(list!["calls"]!.AsArray(), c => c.Text("reference_id")!.StartsWith("unknown-", StringComparison.Ordinal));
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Webhooks;

/// <summary>
/// A commit refused as a duplicate whose stored twin cannot be read back (purged, or under another
/// version) is handled again instead of answering from a null event.
/// </summary>
public class VanishedTwinTests
{
    [Fact]
    public async Task A_duplicate_whose_twin_is_gone_on_the_re_read_is_handled_again_and_answered_once()
    {
        var store = new FaultyCallStore { VanishingTwins = 1 };
        var sink = new CapturingLogSink();
        await using var app = new TelesignVoiceFactory().WithServices(services =>
        {
            services.AddSingleton<ICallStore>(store);
            services.AddSingleton<ILogEventSink>(sink);
        });
        using var client = app.CreateClient();
        using var request = TelesignSigner.SignedEvent(CallEvents.IncomingCall("REF-VANISHED-TWIN"));

        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        CallEvents.AssertIsAction(answer);
        var stored = Assert.Single(await store.GetEventsAsync("REF-VANISHED-TWIN", default));
        Assert.Equal(answer, stored.ActionJson);
        Assert.Equal(0, store.VanishingTwins);
        Assert.Contains(sink.Lines, line => line.StartsWith("Another event of the call committed first; handling again (attempt 1)", StringComparison.Ordinal));
    }
}

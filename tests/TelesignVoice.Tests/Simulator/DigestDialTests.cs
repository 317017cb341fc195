using System.Net;
using System.Net.Http.Json;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

public sealed class DigestHost : SimulatorHost
{
    public DigestHost() => WithSettings([new("Telesign:AuthMethod", "Digest")]);
}

/// <summary>The app's TSA Digest signing, checked by the simulator's independent implementation.</summary>
public class DigestDialTests(DigestHost host) : IClassFixture<DigestHost>
{
    [Fact]
    public async Task Digest_signed_dial_from_the_app_is_accepted_and_the_call_runs()
    {
        using var client = host.CreateOperatorClient();

        using var placed = await client.PostAsync("/calls", JsonContent.Create(new { to = "15558675309" }));
        var body = await placed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var view = await host.WaitForCallAsync(body.GetProperty("reference_id").GetString()!);

        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        Assert.Equal(SimulatedCallStates.Completed, view.State);
    }
}

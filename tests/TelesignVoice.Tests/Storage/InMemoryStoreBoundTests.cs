using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>The in-memory store forgets the oldest finished calls past its bound, so a long session stays small.</summary>
public class InMemoryStoreBoundTests
{
    private static async Task RunCallAsync(HttpClient client, string referenceId, bool finish)
    {
        foreach (var body in finish
            ? new[] { CallEvents.IncomingCall(referenceId), CallEvents.CallCompleted(referenceId) }
            : [CallEvents.IncomingCall(referenceId)])
        {
            using var request = TelesignSigner.SignedEvent(body);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Completed_calls_beyond_the_bound_are_forgotten_oldest_first_and_calls_in_progress_are_kept()
    {
        using var factory = new TelesignVoiceFactory().WithSettings(new Dictionary<string, string?>
        {
            ["Storage:InMemoryMaxFinishedCalls"] = "2",
        });
        using var client = factory.CreateOperatorClient();
        var finished = Enumerable.Range(0, 4).Select(i => $"bound-finished-{i}-{Guid.NewGuid():N}").ToList();
        var running = $"bound-running-{Guid.NewGuid():N}";

        await RunCallAsync(client, running, finish: false);
        foreach (var referenceId in finished)
        {
            await RunCallAsync(client, referenceId, finish: true);
        }

        var listed = await client.GetFromJsonAsync<JsonElement>("/calls?limit=100");
        var kept = listed.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("reference_id").GetString()).ToHashSet();
        Assert.Contains(running, kept);
        Assert.Contains(finished[2], kept);
        Assert.Contains(finished[3], kept);
        Assert.DoesNotContain(finished[0], kept);
        Assert.DoesNotContain(finished[1], kept);
        using var gone = await client.GetAsync($"/calls/{finished[0]}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var recent = await client.GetAsync($"/calls/{finished[3]}");
        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
    }

    [Fact]
    public void A_negative_bound_is_refused_naming_the_key()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = StorageProvider.InMemory, InMemoryMaxFinishedCalls = -1 });

        Assert.True(result.Failed);
        Assert.Contains("Storage:InMemoryMaxFinishedCalls", result.FailureMessage, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Observability;

/// <summary>The latency histograms' buckets, scraped from /metrics.</summary>
[Collection(MetricsCollection.Name)]
public class LatencyBucketTests
{
    [Fact]
    public async Task A_webhook_lands_in_a_sub_second_bucket_of_second_sized_buckets()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateClient();
        using (var request = TelesignSigner.SignedEvent($$$"""{"event":"dial_completed","reference_id":"{{{Guid.NewGuid():N}}}","data":{"to":"15558675309","from":"15555551212","status":"answered"}}"""))
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var metrics = await client.GetStringAsync("/metrics");

        var buckets = Regex.Matches(metrics, "^telesignvoice_webhook_duration_seconds_bucket\\{[^}]*event=\"dial_completed\"[^}]*le=\"([^\"]+)\"\\} (\\d+)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Assert.Equal(Bounds, buckets.Keys);
        Assert.Equal(1, buckets["1"]);
    }

    [Fact]
    public async Task A_request_to_Telesign_is_measured_in_the_same_buckets()
    {
        await using var host = new SimulatorHost();
        using var client = host.CreateOperatorClient();
        using (var content = new StringContent("""{"to":"15558675309"}""", System.Text.Encoding.UTF8, "application/json"))
        {
            using var placed = await client.PostAsync(new Uri("/calls", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        }

        var metrics = await client.GetStringAsync("/metrics");

        var bounds = Regex.Matches(metrics, "^telesignvoice_telesign_request_duration_seconds_bucket\\{[^}]*le=\"([^\"]+)\"\\}", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);
        Assert.Equal(Bounds, bounds);
    }

    private static readonly string[] Bounds = ["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
}

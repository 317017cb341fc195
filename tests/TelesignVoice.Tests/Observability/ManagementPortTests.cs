using System.Globalization;
using System.Net;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Observability;

/// <summary>The server as a real process on two loopback ports: /metrics and /openapi live on the management port only.</summary>
public class ManagementPortTests
{
    [Fact]
    public async Task With_a_management_port_metrics_and_openapi_are_served_there_and_not_on_the_main_port()
    {
        var managementPort = AppProcess.FreePort();
        await using var app = AppProcess.StartServer(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "InMemory",
            ["Observability__ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),
        });
        await app.WaitUntilReadyAsync();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };

        using var mainMetrics = await app.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var mainOpenApi = await app.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var spoofedHost = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = $"127.0.0.1:{managementPort}" } };
        using var mainSpoofed = await app.Client.SendAsync(spoofedHost);
        using var mainHealth = await app.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var metrics = await management.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var openApi = await management.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var managementHealth = await management.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var managementCalls = await management.GetAsync(new Uri("/calls", UriKind.Relative));
        using var managementWebhook = await management.PostAsync(new Uri("/webhooks/telesign", UriKind.Relative), new StringContent("{}"));
        using var managementConsole = await management.GetAsync(new Uri("/console", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, mainMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mainOpenApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mainSpoofed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, mainHealth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("\"/calls\"", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nothing else answers there: the port is for Prometheus and probes, not a second way in.
        Assert.Equal(HttpStatusCode.OK, managementHealth.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, managementCalls.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, managementWebhook.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, managementConsole.StatusCode);
    }
}

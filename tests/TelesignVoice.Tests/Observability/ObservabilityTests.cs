using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Observability;

[Collection(MetricsCollection.Name)]
public class ObservabilityTests
{
    private static async Task WalkACallAsync(HttpClient client, string referenceId)
    {
        string[] events =
        [
            $$$"""{"event":"incoming_call","reference_id":"{{{referenceId}}}","data":{"to":"15558675309","from":"15555551212"}}""",
            $$$"""{"event":"play_completed","reference_id":"{{{referenceId}}}","data":{"status":"play_successful","collected_digits":"4321"}}""",
            $$$"""{"event":"call_completed","reference_id":"{{{referenceId}}}","data":{"duration":9,"status":"hangup","to":"15558675309","from":"15555551212","direction":"outbound"}}""",
        ];
        foreach (var body in events)
        {
            using var request = TelesignSigner.SignedEvent(body);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Metrics_show_the_events_and_actions_of_a_walked_call()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateClient();
        await WalkACallAsync(client, Guid.NewGuid().ToString("N"));

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("telesignvoice_webhook_events_total{", metrics, StringComparison.Ordinal);
        Assert.Matches("telesignvoice_webhook_events_total\\{[^}]*event=\"incoming_call\"[^}]*outcome=\"answered\"[^}]*\\} 1", metrics);
        Assert.Matches("telesignvoice_webhook_actions_total\\{[^}]*method=\"hangup\"[^}]*\\} 2", metrics);
        Assert.Contains("telesignvoice_webhook_duration_seconds_bucket", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_failures_are_counted_by_reason()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateClient();
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telesign")
        {
            Content = new StringContent("""{"event":"incoming_call","reference_id":"R","data":{}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var forged = TelesignSigner.SignedEvent("""{"event":"incoming_call","reference_id":"R","data":{}}""", apiKey: "Zm9yZ2VkLWtleQ==");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Matches("telesignvoice_webhook_signature_failures_total\\{[^}]*reason=\"missing\"[^}]*\\} 1", metrics);
        Assert.Matches("telesignvoice_webhook_signature_failures_total\\{[^}]*reason=\"mismatch\"[^}]*\\} 1", metrics);
    }

    [Fact]
    public async Task Health_endpoints_answer_live_and_ready_with_the_store()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = JsonDocument.Parse(await client.GetStringAsync("/health/ready")).RootElement;

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Logs_of_a_call_carry_its_reference_id_and_no_secret_or_personal_data()
    {
        var sink = new CapturingLogSink();
        using var factory = new TelesignVoiceFactory().WithServices(services => services.AddSingleton<ILogEventSink>(sink));
        using var client = factory.CreateClient();
        var referenceId = Guid.NewGuid().ToString("N");

        await WalkACallAsync(client, referenceId);
        await sink.WaitForAsync(events => events.Count(e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod}", StringComparison.Ordinal)) >= 3);

        var callLines = sink.Events.Where(e => e.Properties.TryGetValue("reference_id", out var value) && value.ToString().Contains(referenceId, StringComparison.Ordinal)).ToList();
        Assert.True(callLines.Count >= 3, $"expected the call's lines to carry reference_id, got {callLines.Count}");
        Assert.All(callLines, line => Assert.True(line.Properties.ContainsKey("event")));
        Assert.Contains(callLines, line => line.MessageTemplate.Text.StartsWith("HTTP {RequestMethod} {RequestPath} responded", StringComparison.Ordinal));
        var everything = string.Join('\n', sink.Lines);
        Assert.DoesNotContain(TestAccount.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("TSA ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("15555551212", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("15558675309", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("4321", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_is_served_and_describes_the_webhook()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.Equal("TelesignVoice", document.GetProperty("info").GetProperty("title").GetString());
        var webhook = document.GetProperty("paths").GetProperty("/webhooks/telesign").GetProperty("post");
        Assert.Equal("dial_completed", webhook.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("event").GetString());
        Assert.Equal("play", webhook.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("method").GetString());
        var placeCall = document.GetProperty("paths").GetProperty("/calls").GetProperty("post");
        Assert.Equal("appointment-reminder", placeCall.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("flow").GetString());
    }

    [Theory]
    [InlineData("/calls", "post", new[] { "202", "400", "401", "409", "415", "422", "429", "502", "503", "504" })]
    [InlineData("/calls", "get", new[] { "200", "400", "401", "429" })]
    [InlineData("/calls/{reference_id}", "get", new[] { "200", "401", "404", "429" })]
    public async Task OpenApi_document_lists_each_operator_endpoint_with_its_answers_and_key(string path, string method, string[] statuses)
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var documented = operation.GetProperty("responses").EnumerateObject().Select(response => response.Name).ToHashSet();
        Assert.All(statuses, status => Assert.Contains(status, documented));
        Assert.Equal("operator_key", operation.GetProperty("security")[0].EnumerateObject().Single().Name);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("operator_key");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
    }
}

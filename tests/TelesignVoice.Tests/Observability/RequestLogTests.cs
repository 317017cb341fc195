using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Observability;

public class RequestLogTests
{
    [Fact]
    public async Task A_webhook_delivery_is_one_request_line_through_the_host_logger_carrying_its_call_and_answer()
    {
        var sink = new CapturingLogSink();
        using var factory = new TelesignVoiceFactory().WithServices(services => services.AddSingleton<ILogEventSink>(sink));
        using var client = factory.CreateClient();
        var referenceId = Guid.NewGuid().ToString("N");
        using var request = TelesignSigner.SignedEvent(
            $$$"""{"event":"incoming_call","reference_id":"{{{referenceId}}}","data":{"to":"15558675309","from":"15555551212"}}""");

        var response = await client.SendAsync(request);
        await sink.WaitForAsync(events => events.Any(e => e.Properties.ContainsKey("RequestPath")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(sink.Events, e => e.Properties.ContainsKey("RequestPath") && Text(e, "reference_id") == referenceId);
        Assert.Equal("/webhooks/telesign", Text(line, "RequestPath"));
        Assert.Equal("incoming_call", Text(line, "event"));
        Assert.Equal("play", Text(line, "action"));
        Assert.Equal("False", line.Properties["duplicate"].ToString());
        Assert.Equal("200", line.Properties["StatusCode"].ToString());
    }

    private static string? Text(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: var scalar } ? scalar?.ToString() : null;
}

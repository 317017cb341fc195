using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Security;

public class SecretLoggingTests
{
    [Fact]
    public async Task At_verbose_level_the_dial_logs_no_credential_of_any_kind()
    {
        var sink = new CapturingLogSink();
        using var factory = new CallsFactory();
        factory.WithSettings(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        });
        factory.WithServices(services => services.AddSingleton<ILogEventSink>(sink));
        using var telesign = new FakeTelesign().ThenAccept("REF-VERBOSE");
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient();

        var (placed, _) = await client.PostCallAsync("""{"to":"15555551212"}""");
        await sink.WaitForAsync(events => events.Any(e => e.RenderMessage().Contains("/calls", StringComparison.Ordinal) && e.Properties.ContainsKey("StatusCode")));

        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestAccount.CustomerId}:{TestAccount.ApiKey}"));
        var sent = Assert.Single(telesign.Requests);
        Assert.Equal($"Basic {basic}", sent.Header("Authorization"));
        var lines = sink.Lines.ToList();
        Assert.Contains(lines, line => line.Contains("v2/voice", StringComparison.Ordinal));
        foreach (var secret in new[] { basic, TestAccount.ApiKey, TestAccount.OperatorKey })
        {
            Assert.False(lines.Any(line => line.Contains(secret, StringComparison.Ordinal)), string.Join("\n", lines.Where(line => line.Contains(secret, StringComparison.Ordinal))));
        }
    }
}

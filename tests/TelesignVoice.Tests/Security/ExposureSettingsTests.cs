using System.Net;
using Microsoft.Extensions.Configuration;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Security;

public class ExposureSettingsTests
{
    [Theory]
    [InlineData("/metrics", "Observability:MetricsRequireKey")]
    [InlineData("/openapi/v1.json", "Observability:OpenApiRequireKey")]
    public async Task Metrics_and_openapi_can_be_put_behind_an_operator_key(string path, string setting)
    {
        using var factory = new TelesignVoiceFactory();
        factory.WithSettings(new Dictionary<string, string?> { [setting] = "true" });
        using var anonymous = factory.CreateClient();
        using var operatorClient = factory.CreateOperatorClient();

        var refused = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        var served = await operatorClient.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Metrics_stay_open_by_default_for_a_private_network()
    {
        using var factory = new TelesignVoiceFactory();
        using var anonymous = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public void The_shipped_settings_log_npgsql_at_warning_and_keep_calls_thirty_days()
    {
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Path.GetDirectoryName(AppProcess.AppDll)!, "appsettings.json"))
            .Build();

        Assert.Equal("Warning", settings["Serilog:MinimumLevel:Override:Npgsql"]);
        Assert.Equal("30", settings["Storage:RetentionDays"]);
    }

    [Theory]
    [InlineData("ForwardedHeaders__KnownNetworks__0", "the load balancer", "ForwardedHeaders:KnownNetworks:0 is not a network in CIDR notation")]
    [InlineData("Observability__ManagementPort", "70000", "Observability:ManagementPort must be a TCP port from 1 to 65535")]
    public async Task A_bad_exposure_setting_stops_the_start_naming_the_key(string variable, string value, string message)
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync(
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Telesign__CustomerId"] = TestAccount.CustomerId,
                ["Telesign__ApiKey"] = TestAccount.ApiKey,
                ["Storage__Provider"] = "InMemory",
                [variable] = value,
            },
            TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_forwarded_for_from_a_client_that_is_not_a_trusted_proxy_does_not_dodge_the_rate_limit()
    {
        await using var app = AppProcess.StartServer(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "InMemory",
            ["Operators__RateLimit__PermitLimit"] = "2",
            ["Operators__RateLimit__WindowSeconds"] = "600",
            ["ForwardedHeaders__KnownProxies__0"] = "10.9.9.9",
        });
        await app.WaitUntilReadyAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/calls");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            request.Headers.Add("X-Api-Key", $"made-up-{i}");
            statuses.Add((await app.Client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}

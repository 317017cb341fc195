using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>URLs that would let a caller of POST /calls reach into the server's own network are refused, when given and when called.</summary>
public sealed class NotificationUrlTests : IAsyncLifetime
{
    private NotificationReceiver _receiver = null!;
    private NotificationsFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _factory = new NotificationsFactory(
            _receiver,
            ("Notifications:AllowLoopbackHttp", "false"),
            ("Notifications:Endpoints:booking:Url", "https://booking.example.com/hooks"),
            ("Notifications:CallbackSecret", NotificationReceiver.Secret));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Theory]
    [InlineData("http://crm.example.com/hooks", "must use https outside Development")]
    [InlineData("https://10.1.2.3/hooks", "a private network address")]
    [InlineData("https://[fd00::1]/hooks", "a private network address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://127.0.0.1:8443/hooks", "loopback")]
    [InlineData("https://localhost/hooks", "loopback")]
    [InlineData("https://user:secret@crm.example.com/hooks", "user name or password")]
    [InlineData("crm.example.com/hooks", "absolute https URL")]
    [InlineData("ftp://crm.example.com/hooks", "absolute https URL")]
    [InlineData("https://crm.example.com/\\u0000hooks", "control characters")]
    public async Task A_callback_url_that_is_not_allowed_is_refused_with_400_naming_callback_url(string url, string reason)
    {
        using var client = _factory.CreateOperatorClient();

        var (response, body) = await client.PostCallAsync($$"""{"to":"15555551212","callback_url":"{{url}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, body!["errors"]!["callback_url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_url_is_checked_again_when_it_is_called()
    {
        var outgoing = _factory.Services.GetRequiredService<OutgoingNotifications>();
        var data = new RecipientFinishedNotification("campaign-9", 1, null, null, "cancelled", 0, null, null, null, null, null, DateTimeOffset.UnixEpoch);
        var messages = outgoing.Create(NotificationEventTypes.RecipientFinished, "campaign-9", data, "https://192.168.1.20/hooks");
        await outgoing.EnqueueAsync(messages, default);
        var callback = messages.Single(m => m.Endpoint == NotificationTargets.Callback);

        var failed = await WaitAsync(callback.Id, NotificationStates.Failed);

        Assert.Equal(1, failed.Attempts);
        Assert.Contains("a private network address", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_resolving_to_a_refused_address_is_not_connected_to()
    {
        var refusing = new NotificationUrlPolicy(new Environment("Production"), Options.Create(new NotificationOptions()));
        var allowing = new NotificationUrlPolicy(new Environment("Production"), Options.Create(new NotificationOptions { AllowLoopbackHttp = true }));

        var refusal = await Assert.ThrowsAsync<NotificationAddressRefusedException>(async () =>
            await NotificationClient.ConnectAsync(refusing, new DnsEndPoint("localhost", _receiver.Port), default));
        await using var connected = await NotificationClient.ConnectAsync(allowing, new DnsEndPoint("localhost", _receiver.Port), default);

        Assert.Contains("a loopback address", refusal.Message, StringComparison.Ordinal);
        Assert.True(connected.CanWrite);
    }

    [Fact]
    public void An_endpoint_with_an_http_url_stops_the_server_at_start_naming_the_key()
    {
        var error = StartupError(("Notifications:Endpoints:booking:Url", "http://booking.example.com/hooks"), ("Notifications:Endpoints:booking:Secret", NotificationReceiver.Secret));

        Assert.Contains("Notifications:Endpoints:booking:Url must use https", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_secret_that_is_not_whsec_stops_the_server_at_start_naming_the_key()
    {
        var error = StartupError(("Notifications:Endpoints:booking:Url", "https://booking.example.com/hooks"), ("Notifications:Endpoints:booking:Secret", "hunter2"));

        Assert.Contains("Notifications:Endpoints:booking:Secret holds a value that is not whsec_", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lease_not_longer_than_the_attempt_timeout_stops_the_server_at_start()
    {
        var error = StartupError(("Notifications:LeaseSeconds", "10"), ("Notifications:AttemptTimeoutSeconds", "10"));

        Assert.Contains("Notifications:LeaseSeconds (10) must be longer than Notifications:AttemptTimeoutSeconds", error, StringComparison.Ordinal);
    }

    /// <summary>The message the server stops with at start (production environment) for these settings.</summary>
    private static string StartupError(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new Environment("Production"))
            .AddSingleton(TimeProvider.System);
        services.AddNotifications();
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    private async Task<StoredNotification> WaitAsync(string id, string state)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await _factory.Outbox.FindNotificationAsync(id, default) is { } stored && stored.State == state)
            {
                return stored;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{id} never became {state}.");
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "TelesignVoice";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}

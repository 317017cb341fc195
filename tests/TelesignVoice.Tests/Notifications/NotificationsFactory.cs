using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Notifications;
using TelesignVoice.Tests.Flows;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Notifications;

/// <summary>The app with the shipped flows and one endpoint, "booking", pointing at a test receiver.</summary>
public sealed class NotificationsFactory : FlowsFactory
{
    public NotificationsFactory(NotificationReceiver receiver, params (string Key, string? Value)[] settings)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(settings);
        var all = new Dictionary<string, string?>
        {
            ["Notifications:Endpoints:booking:Url"] = receiver.Url,
            ["Notifications:Endpoints:booking:Secret"] = NotificationReceiver.Secret,
            ["Notifications:AllowLoopbackHttp"] = "true",
            ["Notifications:PollIntervalMilliseconds"] = "100",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        WithSettings(all);
    }

    public INotificationStore Outbox => Services.GetRequiredService<INotificationStore>();

    public async Task<JsonElement> GetNotificationAsync(string id)
    {
        using var client = this.CreateOperatorClient();
        return await client.GetFromJsonAsync<JsonElement>(new Uri($"/notifications/{id}", UriKind.Relative));
    }
}

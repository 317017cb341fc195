using System.Text;
using System.Text.Json;
using TelesignVoice.Notifications;

namespace TelesignVoice.SimulatorCli;

/// <summary>
/// The notifications a simulated call produced, as the simulator's receiver got them: the Standard
/// Webhooks headers and the body. It waits a little for call.completed, which the dispatcher sends
/// just after the call ends.
/// </summary>
public static class NotificationsWriter
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task<string> WaitAndWriteAsync(ControlApiClient client, string referenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + Wait;
        ControlApiResult<ReceivedNotificationList> received;
        while (true)
        {
            received = await client.GetNotificationsAsync(referenceId, cancellationToken);
            if (received.Value is not { Configured: true } list
                || list.Notifications.Any(n => n.Type == NotificationEventTypes.CallCompleted && n.AnsweredStatus < 300)
                || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return Write(received, referenceId);
    }

    public static string Write(ControlApiResult<ReceivedNotificationList> received, string referenceId)
    {
        ArgumentNullException.ThrowIfNull(received);
        var text = new StringBuilder();
        if (received.Value is not { } list)
        {
            text.AppendLine($"Notifications: could not be read: {received.Problem}");
            return text.ToString();
        }

        if (!list.Configured)
        {
            text.AppendLine("Notifications: none shown: configure an endpoint named 'simulator' (Notifications:Endpoints:simulator:Url = <server>/simulator/receiver), as appsettings.Development.json does.");
            return text.ToString();
        }

        text.AppendLine(FormattableString.Invariant($"Notifications received by the simulator's receiver: {list.Notifications.Count}"));
        foreach (var notification in list.Notifications)
        {
            text.AppendLine(FormattableString.Invariant(
                $"  {notification.Type} answered {notification.AnsweredStatus}{(notification.SignatureValid ? ", signature valid" : ", SIGNATURE NOT VALID")}"));
            text.AppendLine($"    webhook-id: {notification.WebhookId}");
            text.AppendLine($"    webhook-timestamp: {notification.WebhookTimestamp}");
            text.AppendLine($"    webhook-signature: {notification.WebhookSignature}");
            foreach (var line in Indent(notification.Body).Split('\n'))
            {
                text.AppendLine("    " + line.TrimEnd('\r'));
            }
        }

        text.AppendLine($"Notifications: GET /simulator/receiver?reference_id={referenceId}, and GET /notifications for their delivery");
        return text.ToString();
    }

    private static string Indent(JsonElement body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Text.Json;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Notifications;

/// <summary>
/// The simulator's own notification receiver (<c>POST /simulator/receiver</c>), so a whole call and what
/// it reports can be watched with no system of your own: it checks the Standard Webhooks signature with
/// the secret of the endpoint named <c>simulator</c>, keeps what it received, and can be told to fail the
/// next N deliveries, to answer slowly, or to refuse every signature, to see retries at work.
/// </summary>
public sealed class SimulatorReceiver(IOptionsMonitor<NotificationOptions> options, TimeProvider time)
{
    public const string EndpointName = "simulator";
    private const int MaxKept = 1000;

    private readonly Lock _gate = new();
    private readonly LinkedList<ReceivedNotificationView> _received = new();
    private ReceiverBehaviour _behaviour = new();

    public bool IsConfigured => options.CurrentValue.Endpoints.ContainsKey(EndpointName);

    public ReceiverBehaviour Behaviour
    {
        get
        {
            lock (_gate)
            {
                return _behaviour;
            }
        }

        set
        {
            lock (_gate)
            {
                _behaviour = value;
            }
        }
    }

    public IReadOnlyList<ReceivedNotificationView> Received(string? referenceId)
    {
        lock (_gate)
        {
            return [.. _received.Where(received => referenceId is null || received.ReferenceId == referenceId)];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _received.Clear();
            _behaviour = new ReceiverBehaviour();
        }
    }

    /// <summary>Takes one delivery; returns the status to answer with.</summary>
    public async Task<int> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var headers = request.Headers;
        var keys = WebhookSigner.SplitSecrets(options.CurrentValue.Endpoints.GetValueOrDefault(EndpointName)?.Secret)
            .Select(WebhookSigner.KeyOf).OfType<byte[]>().ToList();
        var signatureValid = WebhookSigner.Verify(
            headers[WebhookSigner.IdHeader], headers[WebhookSigner.TimestampHeader], headers[WebhookSigner.SignatureHeader],
            body, keys, time.GetUtcNow(), WebhookSigner.DefaultTolerance);

        ReceiverBehaviour behaviour;
        lock (_gate)
        {
            behaviour = _behaviour;
            if (behaviour.FailTimes > 0)
            {
                _behaviour = behaviour with { FailTimes = behaviour.FailTimes - 1 };
            }
        }

        if (behaviour.DelayMilliseconds > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(behaviour.DelayMilliseconds), time, cancellationToken);
        }

        var status = behaviour.FailTimes > 0 ? StatusCodes.Status503ServiceUnavailable
            : !signatureValid || behaviour.RefuseSignature ? StatusCodes.Status401Unauthorized
            : StatusCodes.Status204NoContent;
        Keep(headers, body, signatureValid, status);
        return status;
    }

    private void Keep(IHeaderDictionary headers, byte[] body, bool signatureValid, int status)
    {
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            json = JsonSerializer.SerializeToElement(System.Text.Encoding.UTF8.GetString(body), TelesignVoiceJsonContext.Default.String);
        }

        var type = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("type", out var t) ? t.GetString() : null;
        var referenceId = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("data", out var data)
            && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("reference_id", out var r) ? r.GetString() : null;
        var received = new ReceivedNotificationView(
            headers[WebhookSigner.IdHeader].ToString(),
            headers[WebhookSigner.TimestampHeader].ToString(),
            headers[WebhookSigner.SignatureHeader].ToString(),
            signatureValid,
            status,
            time.GetUtcNow(),
            type,
            referenceId,
            json);
        lock (_gate)
        {
            _received.AddLast(received);
            if (_received.Count > MaxKept)
            {
                _received.RemoveFirst();
            }
        }
    }
}

/// <param name="FailTimes">Answer 503 to this many deliveries.</param>
/// <param name="DelayMilliseconds">Wait this long before answering (longer than Notifications:AttemptTimeoutSeconds is a timeout).</param>
/// <param name="RefuseSignature">Answer 401 as if every signature were wrong.</param>
public sealed record ReceiverBehaviour(int FailTimes = 0, int DelayMilliseconds = 0, bool RefuseSignature = false);

/// <summary>One delivery as the receiver saw it: the three Standard Webhooks headers, whether the signature held, and the body.</summary>
public sealed record ReceivedNotificationView(
    string WebhookId,
    string WebhookTimestamp,
    string WebhookSignature,
    bool SignatureValid,
    int AnsweredStatus,
    DateTimeOffset ReceivedAt,
    string? Type,
    string? ReferenceId,
    JsonElement Body);

public sealed record ReceivedNotificationList(bool Configured, ReceiverBehaviour Behaviour, IReadOnlyList<ReceivedNotificationView> Notifications);

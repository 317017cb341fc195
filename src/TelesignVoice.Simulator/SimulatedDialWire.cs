using System.Text.Json;

namespace TelesignVoice.Simulator;

/// <summary>The dial fields Telesign's documented statuses are about, read leniently (null when absent or not a string).</summary>
internal sealed record DialFields(string? Method, string? To, string? CallerIdNumber, string? ExternalId)
{
    public static DialFields? Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var p = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("params", out var found) && found.ValueKind == JsonValueKind.Object
                ? found
                : default;
            return new DialFields(Text(root, "method"), Text(p, "to"), Text(p, "caller_id_number"), Text(p, "external_id"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>Telesign's answer to POST /v2/voice; <see cref="Description"/> is the simulator's own explanation.</summary>
public sealed record SimulatedDialResponse
{
    public string? ReferenceId { get; init; }

    public required string Status { get; init; }

    public string? ExternalId { get; init; }

    public string? Description { get; init; }
}

/// <summary>The primary handler of the "Telesign" HTTP client when the simulator is on: no network.</summary>
public sealed class SimulatedTelesignHandler(SimulatedTelesignApi api) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        api.HandleAsync(request, cancellationToken);
}

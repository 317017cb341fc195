using System.Text.Json;
using System.Text.Json.Serialization;

// Answers every dial as Telesign does when it accepts one: 202 with a fresh reference_id, echoing
// external_id. It does as little as a real HTTP peer must (read and parse the body, check that Basic
// auth is present), so its own answer time is the baseline that POST /calls is compared with.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var app = builder.Build();

app.MapPost("/v2/voice", async (HttpContext context) =>
{
    if (!context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal))
    {
        return Results.Unauthorized();
    }

    var dial = await JsonSerializer.DeserializeAsync(context.Request.Body, FakeJsonContext.Default.DialRequest, context.RequestAborted);
    if (dial?.Method != "dial" || dial.Params?.To is null)
    {
        return Results.BadRequest();
    }

    var accepted = new DialAccepted(Guid.NewGuid().ToString("N").ToUpperInvariant(), "dial_accepted", dial.Params.ExternalId);
    return Results.Json(accepted, FakeJsonContext.Default.DialAccepted, statusCode: StatusCodes.Status202Accepted);
});

await app.RunAsync();

internal sealed record DialRequest(string? Method, DialParams? Params);

internal sealed record DialParams(string? To, string? CallerIdNumber, string? ExternalId);

internal sealed record DialAccepted(string ReferenceId, string Status, string? ExternalId);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DialRequest))]
[JsonSerializable(typeof(DialAccepted))]
internal sealed partial class FakeJsonContext : JsonSerializerContext;

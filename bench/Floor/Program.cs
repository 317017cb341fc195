using System.Text.Json;
using System.Text.Json.Serialization;

// The most ASP.NET Core can do on this machine for our request shape: read the same event JSON the
// webhook gets, parse it with a source-generated context, and answer one constant action. No
// signature, no store, no logging per request: every TelesignVoice figure is reported against this.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var app = builder.Build();
var action = """{"jsonrpc":"2.0","method":"hangup","params":{}}"""u8.ToArray();

app.MapPost("/webhooks/telesign", async (HttpContext context) =>
{
    var evt = await JsonSerializer.DeserializeAsync(context.Request.Body, FloorJsonContext.Default.FloorEvent, context.RequestAborted);
    if (evt?.Event is null || evt.ReferenceId is null)
    {
        return Results.BadRequest();
    }

    return Results.Bytes(action, "application/json");
});

await app.RunAsync();

internal sealed record FloorEvent(string? Event, string? ReferenceId, JsonElement Data);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FloorEvent))]
internal sealed partial class FloorJsonContext : JsonSerializerContext;

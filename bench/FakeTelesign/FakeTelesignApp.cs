using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FakeTelesign;

/// <summary>
/// The fake's whole app. <c>Fake:RecordDials</c> keeps every dial (time, to, external_id) for
/// <c>GET /dials</c> and <c>GET /stats</c>, so a benchmark or a crash test counts dials where they land,
/// outside the server that may be killed. <c>Fake:WebhookUrls</c> (with <c>Fake:CustomerId</c> and
/// <c>Fake:ApiKey</c> to sign) makes each accepted dial a call: see <see cref="CallPlayer"/>.
/// </summary>
public static class FakeTelesignApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<FakeOptions>(builder.Configuration.GetSection(FakeOptions.SectionName));
        builder.Services.AddSingleton<DialLog>();
        builder.Services.AddSingleton<CallPlayer>();
        builder.Services.AddHttpClient(CallPlayer.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        var options = builder.Configuration.GetSection(FakeOptions.SectionName).Get<FakeOptions>() ?? new FakeOptions();
        var log = app.Services.GetRequiredService<DialLog>();
        var player = app.Services.GetRequiredService<CallPlayer>();
        var record = options.RecordDials || options.WebhookUrls.Count > 0;

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
            if (record)
            {
                log.Add(new DialEntry(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), dial.Params.To, dial.Params.ExternalId, accepted.ReferenceId));
            }

            player.Play(accepted.ReferenceId, dial.Params);
            return Results.Json(accepted, FakeJsonContext.Default.DialAccepted, statusCode: StatusCodes.Status202Accepted);
        });

        // One line per dial, in arrival order: "<unix ms> <to> <external_id> <reference_id>".
        app.MapGet("/dials", () => Results.Text(log.Lines(), "text/plain"));
        app.MapGet("/stats", () => Results.Json(log.Stats(player), FakeJsonContext.Default.FakeStats));
        return app;
    }
}

public sealed class FakeOptions
{
    public const string SectionName = "Fake";

    public bool RecordDials { get; set; }

    /// <summary>Where events go; a call's events go to the first that answers, starting with a different one per call.</summary>
    public IList<string> WebhookUrls { get; } = [];

    public string? CustomerId { get; set; }

    /// <summary>Base64, as Telesign's: signs events like Telesign does; unsigned when empty.</summary>
    public string? ApiKey { get; set; }

    public int RingMilliseconds { get; set; } = 200;

    /// <summary>Telesign re-delivers an event that got no answer; the fake keeps trying this long.</summary>
    public int DeliverySeconds { get; set; } = 180;
}

public sealed record DialEntry(long AtMilliseconds, string To, string? ExternalId, string ReferenceId);

/// <summary>Every dial the fake got, kept in memory (a benchmark's 10,000 dials are about a megabyte).</summary>
public sealed class DialLog
{
    private readonly ConcurrentQueue<DialEntry> _dials = new();

    public void Add(DialEntry dial) => _dials.Enqueue(dial);

    public IReadOnlyList<DialEntry> All => [.. _dials];

    public string Lines()
    {
        var text = new StringBuilder();
        foreach (var dial in _dials)
        {
            text.Append(dial.AtMilliseconds.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(dial.To).Append(' ')
                .Append(dial.ExternalId ?? "-").Append(' ').Append(dial.ReferenceId).Append('\n');
        }

        return text.ToString();
    }

    public FakeStats Stats(CallPlayer player)
    {
        var dials = All;
        return new FakeStats(
            dials.Count,
            dials.Select(d => d.To).Distinct(StringComparer.Ordinal).Count(),
            dials.GroupBy(d => d.To, StringComparer.Ordinal).Count(g => g.Count() > 1),
            dials.Where(d => d.ExternalId is not null).GroupBy(d => d.ExternalId, StringComparer.Ordinal).Count(g => g.Count() > 1),
            dials.Count > 0 ? dials.Min(d => d.AtMilliseconds) : null,
            dials.Count > 0 ? dials.Max(d => d.AtMilliseconds) : null,
            player.CallsEnded,
            player.CallsRunning,
            player.CallsAbandoned);
    }
}

/// <param name="NumbersDialledTwice">Numbers with more than one dial (retries of one recipient count here too).</param>
/// <param name="ExternalIdsDialledTwice">external_ids with more than one dial: the same attempt rung twice.</param>
public sealed record FakeStats(
    int Dials,
    int DistinctNumbers,
    int NumbersDialledTwice,
    int ExternalIdsDialledTwice,
    long? FirstDialMs,
    long? LastDialMs,
    int CallsEnded,
    int CallsRunning,
    int CallsAbandoned);

internal sealed record DialRequest(string? Method, DialParams? Params);

public sealed record DialParams(string? To, string? CallerIdNumber, string? ExternalId);

internal sealed record DialAccepted(string ReferenceId, string Status, string? ExternalId);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DialRequest))]
[JsonSerializable(typeof(DialAccepted))]
[JsonSerializable(typeof(FakeStats))]
internal sealed partial class FakeJsonContext : JsonSerializerContext;

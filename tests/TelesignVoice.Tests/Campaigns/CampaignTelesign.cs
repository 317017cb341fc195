using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

/// <summary>
/// Telesign's dial API for campaign tests: records every dial with the fake time it arrived at, answers
/// 202 with reference ids REF-1, REF-2, … unless <see cref="Answer"/> says otherwise for that dial.
/// </summary>
public sealed class CampaignTelesign(FakeTimeProvider time) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Dial> _dials = new();
    private int _count;

    /// <summary>Decides the answer of the nth dial (from 1) to a number; null accepts it.</summary>
    public Func<int, string, HttpResponseMessage?> Answer { get; set; } = (_, _) => null;

    public IReadOnlyList<Dial> Dials => [.. _dials];

    public IReadOnlyList<Dial> Accepted => [.. _dials.Where(d => d.ReferenceId is not null)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var p = body.RootElement.GetProperty("params");
        var to = p.GetProperty("to").GetString()!;
        var externalId = p.GetProperty("external_id").GetString()!;
        var n = Interlocked.Increment(ref _count);
        var answer = Answer(n, to);
        var referenceId = answer is null ? $"REF-{n}" : null;
        _dials.Enqueue(new Dial(to, externalId, referenceId, time.GetUtcNow()));
        return answer ?? FakeTelesign.Json(HttpStatusCode.Accepted, $$"""{"reference_id":"{{referenceId}}","status":"dial_accepted","external_id":"{{externalId}}"}""");
    }

    public static HttpResponseMessage RateLimited() =>
        FakeTelesign.Json(HttpStatusCode.TooManyRequests, """{"status":"rate_limit_exceeded"}""");
}

public sealed record Dial(string To, string ExternalId, string? ReferenceId, DateTimeOffset At);

using System.Text.Json.Serialization;

namespace TelesignVoice.Campaigns;

/// <summary>The JSON body of <c>POST /campaigns</c>; a CSV body carries the same settings as query parameters.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateCampaignRequest
{
    public string? Name { get; init; }

    public string? Flow { get; init; }

    public string? CallerIdNumber { get; init; }

    public List<RecipientInput?>? Recipients { get; init; }

    public double? CallsPerSecond { get; init; }

    public int? MaxConcurrentCalls { get; init; }

    public CallingHours? CallingHours { get; init; }

    public Dictionary<string, RetryRule>? Retry { get; init; }

    public DateTimeOffset? StartAt { get; init; }

    /// <summary>Where this campaign's own notifications go as well (campaign.completed, campaign.recipient.finished).</summary>
    public string? CallbackUrl { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RecipientInput
{
    public string? To { get; init; }

    public Dictionary<string, string?>? Variables { get; init; }

    public string? ExternalId { get; init; }

    public string? TimeZone { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutSuppressionRequest(string? Reason);

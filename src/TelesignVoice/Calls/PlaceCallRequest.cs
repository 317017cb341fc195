using System.Text.Json.Serialization;

namespace TelesignVoice.Calls;

/// <summary>The body of <c>POST /calls</c>. Unknown fields are refused, so a misspelt field is named, not ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PlaceCallRequest
{
    public string? To { get; init; }

    /// <summary>Defaults to <c>Telesign:CallerIdNumber</c>.</summary>
    public string? CallerIdNumber { get; init; }

    /// <summary>The call flow that answers the call's events; null runs the default flow.</summary>
    public string? Flow { get; init; }

    /// <summary>Echoed by Telesign in the call's events; generated when absent.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Seconds, 1 to 14400; a JSON string of digits is accepted too.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? MaxCallDuration { get; init; }

    public string? SendDtmf { get; init; }

    /// <summary>Values the flow can read (a name to greet, an appointment time…).</summary>
    public Dictionary<string, string?>? Variables { get; init; }

    /// <summary>Where this call's notifications go too, signed with Notifications:CallbackSecret (docs/notifications.md).</summary>
    public string? CallbackUrl { get; init; }
}

/// <summary>The 202 answer of <c>POST /calls</c>.</summary>
public sealed record PlaceCallResponse(string ReferenceId, string ExternalId, string Status);

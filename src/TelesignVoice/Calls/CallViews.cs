using System.Text.Json;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;

namespace TelesignVoice.Calls;

/// <summary>One call as <c>GET /calls/{reference_id}</c> shows it: state, flow position, history.</summary>
public sealed record CallDetails(
    string ReferenceId,
    string? ExternalId,
    string Direction,
    string? To,
    string? From,
    string? Flow,
    string Status,
    string? Step,
    int Attempts,
    IReadOnlyList<CollectedDigits> Digits,
    IReadOnlyDictionary<string, string> Variables,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    EndOfCallView? EndOfCall,
    IReadOnlyList<CallEventView> Events,
    IReadOnlyList<DialView> Dials,
    string? PlacedBy = null,
    string? FlowVersion = null)
{
    public static CallDetails Of(CallRecord call, IReadOnlyList<EventRecord> events, IReadOnlyList<DialRecord> dials)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(dials);
        return new CallDetails(
            call.ReferenceId,
            call.ExternalId,
            call.Direction,
            call.To,
            call.From,
            call.Flow,
            call.Status,
            call.Step,
            call.Attempts,
            call.Digits,
            SensitiveValues.Masked(call.Variables),
            call.CreatedAt,
            call.UpdatedAt,
            call.EndOfCall is { } end
                ? new EndOfCallView(end.DurationSeconds, end.CreatedOnUtc, end.AnsweredOnUtc, end.EndedOnUtc, end.Status, end.Direction, end.AudioRecordingFileName)
                : null,
            [.. events.OrderBy(e => e.ReceivedAt).Select(e => new CallEventView(e.EventName, e.ReceivedAt, JsonText.ToElement(e.Body), ActionView(e)))],
            [.. dials.OrderBy(d => d.RequestedAt).Select(d => new DialView(d.RequestedAt, d.ExternalId, d.Outcome, d.HttpStatus, JsonText.ToElement(d.RequestJson), d.ResponseJson is null ? null : JsonText.ToElement(d.ResponseJson)))],
            call.PlacedBy,
            call.FlowVersion);
    }

    /// <summary>An action that read a secret out is stored encrypted and shown only by its method.</summary>
    private static JsonElement ActionView(EventRecord evt) =>
        SensitiveValues.IsProtected(evt.ActionJson)
            ? JsonSerializer.SerializeToElement(
                new Dictionary<string, string>(StringComparer.Ordinal) { ["method"] = evt.ActionMethod ?? "none", ["params"] = SensitiveValues.Mask },
                TelesignVoiceJsonContext.Default.DictionaryStringString)
            : JsonText.ToElement(evt.ActionJson);
}

/// <summary>The fields of <c>call_completed</c>, named as Telesign names them.</summary>
public sealed record EndOfCallView(
    int? Duration,
    string? CreatedOnUtc,
    string? AnsweredOnUtc,
    string? EndedOnUtc,
    string? Status,
    string? Direction,
    string? AudioRecordingFileName);

/// <summary>One event of the timeline: what Telesign sent and the action that answered it.</summary>
public sealed record CallEventView(string Event, DateTimeOffset ReceivedAt, JsonElement Body, JsonElement Action);

/// <summary>One POST /v2/voice: what was sent and what Telesign answered (null when nothing came back).</summary>
public sealed record DialView(DateTimeOffset RequestedAt, string ExternalId, string Outcome, int? HttpStatus, JsonElement Request, JsonElement? Response);

/// <summary>A call in the list of <c>GET /calls</c>.</summary>
public sealed record CallSummary(
    string ReferenceId,
    string? ExternalId,
    string Direction,
    string? To,
    string? From,
    string? Flow,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? PlacedBy = null)
{
    public static CallSummary Of(CallRecord call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new CallSummary(call.ReferenceId, call.ExternalId, call.Direction, call.To, call.From, call.Flow, call.Status, call.CreatedAt, call.UpdatedAt, call.PlacedBy);
    }
}

/// <summary>A page of calls, newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next page.</summary>
public sealed record CallList(IReadOnlyList<CallSummary> Calls, string? NextCursor);

public static class JsonText
{
    /// <summary>Stored JSON as JSON; text that is not JSON (a proxy's error page) as a JSON string.</summary>
    public static JsonElement ToElement(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text, TelesignVoiceJsonContext.Default.String);
        }
    }
}

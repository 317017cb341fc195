using System.Globalization;
using System.Text.Json;
using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Notifications;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;

namespace TelesignVoice.OperatorConsole;

/// <summary>One call told as a story: each event with the step it was in, what the caller did, and the answer.</summary>
public sealed record CallStory(
    CallRecord Call,
    FlowDefinition? Flow,
    IReadOnlyList<StoryEvent> Events,
    IReadOnlyList<DialRecord> Dials,
    IReadOnlyList<string> Path,
    IReadOnlyList<StoredNotification> Notifications)
{
    /// <summary>The most notifications of one call the page lists (a call causes a few: its notify steps and its end).</summary>
    public const int MaxNotifications = 50;

    public bool HasMoreNotifications { get; init; }

    /// <summary>Calls in these states may still receive events, so their pages keep refreshing.</summary>
    public bool IsRunning => Call.Status is not (CallStatuses.Completed or CallStatuses.NotAnswered);

    /// <summary>The page keeps refreshing while the call runs or one of its notifications is still being delivered.</summary>
    public bool IsLive => IsRunning || Notifications.Any(n => n.State == NotificationStates.Pending);
}

/// <param name="Heard">What the caller did or what happened: "pressed 1", "silence", "answered", "busy".</param>
/// <param name="Answer">The action that answered, in words.</param>
public sealed record StoryEvent(
    DateTimeOffset At,
    string Event,
    string? StepBefore,
    string? StepAfter,
    string? Heard,
    string Method,
    string Answer,
    bool IsTransfer);

/// <summary>Builds <see cref="CallStory"/> from the store and the flows, masking what the console must not show.</summary>
public sealed class CallStories(ICallStore store, INotificationStore notifications, FlowVersions flows, ConsolePrivacy privacy)
{
    public async Task<CallStory?> FindAsync(string referenceId, CancellationToken cancellationToken)
    {
        var call = await store.FindCallAsync(referenceId, cancellationToken);
        if (call is null)
        {
            return null;
        }

        var events = (await store.GetEventsAsync(referenceId, cancellationToken)).OrderBy(e => e.ReceivedAt).ToList();
        var dials = (await store.GetDialsAsync(referenceId, cancellationToken)).OrderBy(d => d.RequestedAt).ToList();
        // The version of the flow the call ran on, which may no longer be the current one.
        var flow = call.Flow is null ? null : await flows.FindAsync(call.Flow, call.FlowVersion, cancellationToken);
        var steps = CallPathTracer.Trace(flow, events);
        var story = new List<StoryEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            story.Add(Tell(flow, events[i], steps[i]));
        }

        var path = steps.SelectMany(s => new[] { s.StepBefore, s.StepAfter })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // A call's notifications carry its reference id as their ordering key (CallNotifications).
        var sent = await notifications.ListNotificationsAsync(
            new NotificationQuery(null, CallStory.MaxNotifications, null) { OrderingKey = referenceId }, cancellationToken);
        return new CallStory(call, flow, story, dials, path, [.. sent.Notifications.Reverse()])
        {
            HasMoreNotifications = sent.NextCursor is not null,
        };
    }

    private StoryEvent Tell(FlowDefinition? flow, EventRecord evt, EventSteps steps)
    {
        using var body = Parse(evt.Body);
        using var action = Parse(evt.ActionJson);
        var data = Property(body?.RootElement, "data");
        var method = evt.ActionMethod ?? Text(action?.RootElement, "method") ?? "?";
        var parameters = Property(action?.RootElement, "params");
        return new StoryEvent(
            evt.ReceivedAt,
            evt.EventName,
            steps.StepBefore,
            steps.StepAfter,
            Heard(evt.EventName, data, flow, steps.StepBefore),
            method,
            Answer(method, parameters),
            method == TelesignMethods.Dial || evt.EventName == TelesignEventNames.CallLegCompleted);
    }

    private string? Heard(string eventName, JsonElement? data, FlowDefinition? flow, string? step)
    {
        var status = Text(data, "status");
        switch (eventName)
        {
            case TelesignEventNames.SpeakCompleted or TelesignEventNames.PlayCompleted:
                var digits = Text(data, "collected_digits");
                return digits switch
                {
                    null => "the message finished",
                    "" => "no keys pressed",
                    _ => $"pressed {privacy.Digits(flow, step, digits)}",
                };
            case TelesignEventNames.IncomingCall:
                return $"call from {privacy.Number(Text(data, "from"))} to {privacy.Number(Text(data, "to"))}";
            case TelesignEventNames.CallLegCompleted:
                var leg = new List<string>();
                if (Text(data, "to") is { } to)
                {
                    leg.Add($"leg to {privacy.Number(to)}");
                }

                if (status is not null)
                {
                    leg.Add(status);
                }

                if (Property(data, "duration") is { ValueKind: JsonValueKind.Number } duration)
                {
                    leg.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.GetDouble():0} s"));
                }

                return leg.Count == 0 ? "transfer ended" : "transfer ended: " + string.Join(", ", leg);
            default:
                return status;
        }
    }

    private string Answer(string method, JsonElement? parameters)
    {
        var collect = Property(parameters, "collect_digits") is { ValueKind: JsonValueKind.Object } c
            && Property(c, "max") is { ValueKind: JsonValueKind.Number } max
            ? string.Create(CultureInfo.InvariantCulture, $", then waits for up to {max.GetInt32()} key{(max.GetInt32() == 1 ? "" : "s")}")
            : string.Empty;
        return method switch
        {
            TelesignMethods.Speak => $"says “{Text(Property(parameters, "tts"), "message")}”{collect}",
            TelesignMethods.Play => $"plays {Text(parameters, "url")}{collect}",
            TelesignMethods.PlayMultiple => $"plays {string.Join(", ", Urls(parameters))}{collect}",
            TelesignMethods.Dial => $"transfers to {privacy.Number(Text(parameters, "to"))}",
            TelesignMethods.SendDtmf => $"sends digits {privacy.PersonalDigits(Text(parameters, "digits"))}",
            TelesignMethods.Hangup => "hangs up",
            _ => method,
        };
    }

    private static IEnumerable<string> Urls(JsonElement? parameters) =>
        Property(parameters, "urls") is { ValueKind: JsonValueKind.Array } urls
            ? urls.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!)
            : [];

    private static JsonDocument? Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}

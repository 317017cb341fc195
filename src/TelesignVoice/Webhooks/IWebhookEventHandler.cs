using TelesignVoice.Calls;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

/// <summary>
/// Decides the action that answers one event. The one implementation is the flow engine
/// (<c>AddFlows</c> registers it); tests put a double in its place. A handler returns the call's new
/// state instead of writing it, so the state and the event are committed together, once.
/// </summary>
public interface IWebhookEventHandler
{
    ValueTask<EventOutcome> HandleAsync(WebhookEventContext context, CancellationToken cancellationToken);
}

/// <param name="Event">The parsed event.</param>
/// <param name="Call">The call as stored (with lifecycle fields of this event already applied), or a new one.</param>
/// <param name="ReceivedAt">When the event arrived.</param>
public sealed record WebhookEventContext(TelesignEvent Event, CallRecord Call, DateTimeOffset ReceivedAt)
{
    public string EventName => Event.Event!;

    public string ReferenceId => Event.ReferenceId!;

    /// <summary>
    /// These exact bytes were stored before as a secret entry (their digits masked) and are not a re-delivery:
    /// whatever the step now, their digits are handled as a secret, so a repeat never stores what the first hid.
    /// </summary>
    public bool RepeatsSecretEntry { get; init; }

    /// <summary>What the flow's notify steps said while handling this event; sent if the event commits.</summary>
    public List<Notifications.FlowResult> FlowResults { get; } = [];
}

public sealed record EventOutcome(TelesignAction Action, CallRecord Call)
{
    /// <summary>The event's collected digits are a secret: the stored body has them masked.</summary>
    public bool SensitiveInput { get; init; }

    /// <summary>The secret entry moved the call on (whether it did is kept beside the mask; what it was, never).</summary>
    public bool SensitiveInputAccepted { get; init; }

    /// <summary>The action reads a secret out: it is stored encrypted.</summary>
    public bool SensitiveAction { get; init; }
}

using TelesignVoice.Calls;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

/// <summary>
/// Decides the action that answers one event. Handlers are registered per event name as keyed services
/// (<see cref="WebhookServiceCollectionExtensions.AddWebhookEventHandler{THandler}"/>); the last
/// registration for a name wins, so a feature such as call flows replaces the defaults without touching
/// the endpoint. A handler returns the call's new state instead of writing it, so the state and the
/// event are committed together, once.
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

    /// <summary>What the flow's notify steps said while handling this event; sent if the event commits.</summary>
    public List<Notifications.FlowResult> FlowResults { get; } = [];
}

public sealed record EventOutcome(TelesignAction Action, CallRecord Call)
{
    /// <summary>The event's collected digits are a secret: the stored body has them masked.</summary>
    public bool SensitiveInput { get; init; }

    /// <summary>The action reads a secret out: it is stored encrypted.</summary>
    public bool SensitiveAction { get; init; }
}

public static class WebhookServiceCollectionExtensions
{
    /// <summary>Key of the handler that answers events with no handler of their own.</summary>
    public const string FallbackKey = "*";

    public static IServiceCollection AddWebhookEventHandler<THandler>(this IServiceCollection services, params string[] eventNames)
        where THandler : class, IWebhookEventHandler
    {
        ArgumentNullException.ThrowIfNull(eventNames);
        services.AddSingleton<THandler>();
        foreach (var eventName in eventNames)
        {
            services.AddKeyedSingleton<IWebhookEventHandler>(eventName, (sp, _) => sp.GetRequiredService<THandler>());
        }

        return services;
    }
}

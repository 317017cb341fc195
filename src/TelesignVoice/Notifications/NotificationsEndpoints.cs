using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TelesignVoice.Operators;

namespace TelesignVoice.Notifications;

/// <summary>Operators see outgoing notifications and their delivery, and send one again. Every route needs an operator key.</summary>
public static class NotificationsEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapOperatorGroup("/notifications", "Notifications");
        group.MapGet("/", ListAsync)
            .WithName("ListNotifications")
            .WithSummary("Outgoing notifications, newest first, paged with cursor, filterable by state (pending, delivered, failed).");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetNotification")
            .WithSummary("One notification: its payload, attempts and last error.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/redeliver", RedeliverAsync)
            .RequireOperator(OperatorRole.Admin)
            .Audited("notification.redeliver", "id")
            .WithName("RedeliverNotification")
            .WithSummary("Send a notification again (delivered or failed): it becomes pending, due now, with the same webhook-id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<NotificationList>, ValidationProblem>> ListAsync(
        string? state,
        string? limit,
        string? cursor,
        INotificationStore store,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (state is not null && !NotificationStates.All.Contains(state, StringComparer.Ordinal))
        {
            errors["state"] = [$"state must be one of: {string.Join(", ", NotificationStates.All)}."];
        }

        var pageSize = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }

        if (cursor is not null && !NotificationCursor.TryDecode(cursor, out _))
        {
            errors["cursor"] = ["cursor must be a next_cursor value returned by GET /notifications."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The notification list query is not valid");
        }

        var page = await store.ListNotificationsAsync(new NotificationQuery(state, pageSize, cursor), cancellationToken);
        return TypedResults.Ok(new NotificationList([.. page.Notifications.Select(NotificationView.From)], page.NextCursor));
    }

    public static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> GetAsync(string id, INotificationStore store, CancellationToken cancellationToken) =>
        await store.FindNotificationAsync(id, cancellationToken) is { } stored
            ? TypedResults.Ok(NotificationView.From(stored))
            : NotFound(id);

    public static async Task<Results<Accepted<NotificationView>, ProblemHttpResult>> RedeliverAsync(
        string id,
        INotificationStore store,
        TimeProvider time,
        CancellationToken cancellationToken) =>
        await store.RedeliverAsync(id, time.GetUtcNow(), cancellationToken) is { } stored
            ? TypedResults.Accepted($"/notifications/{Uri.EscapeDataString(id)}", NotificationView.From(stored))
            : NotFound(id);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: "Notification not found", detail: $"No notification has id '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

using TelesignVoice.Notifications;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>The outbox, on every store: written with the event or not at all, claimed in line, leased, recorded.</summary>
public abstract partial class CallStoreContractTests
{
    private INotificationStore Outbox => (INotificationStore)Store;

    private static OutboxMessage Message(string orderingKey, string endpoint = "crm", int secondsAfterT0 = 0) =>
        new(OutboxMessage.NewId(), "call.completed", endpoint, "https://crm.example.com/hooks", orderingKey,
            $$$"""{"type":"call.completed","data":{"reference_id":"{{{orderingKey}}}"}}""", T0.AddSeconds(secondsAfterT0));

    [StoreFact]
    public async Task Notifications_are_committed_with_their_event_and_not_with_a_refused_one()
    {
        var committed = Message("ref-outbox");
        var result = await Store.CommitEventAsync(NewCall("ref-outbox"), Event("ref-outbox", "call_completed", "h1"), [committed], default);
        var duplicate = await Store.CommitEventAsync(NewCall("ref-outbox"), Event("ref-outbox", "call_completed", "h1"), [Message("ref-outbox")], default);
        var conflict = await Store.CommitEventAsync(NewCall("ref-outbox"), Event("ref-outbox", "call_completed", "h2"), [Message("ref-outbox")], default);

        Assert.Equal((CommitStatus.Committed, CommitStatus.Duplicate, CommitStatus.Conflict), (result.Status, duplicate.Status, conflict.Status));
        var page = await Outbox.ListNotificationsAsync(new NotificationQuery(null, 10, null), default);
        var stored = Assert.Single(page.Notifications);
        Assert.Equal(committed, stored.Message);
        Assert.Equal((NotificationStates.Pending, 0, T0, T0), (stored.State, stored.Attempts, stored.NextAttemptAt, stored.PendingSince));
    }

    [StoreFact]
    public async Task A_claim_takes_the_first_due_notification_of_each_line_and_leases_it()
    {
        var first = Message("call-a");
        var second = Message("call-a", secondsAfterT0: 1);
        var otherEndpoint = Message("call-a", endpoint: "billing", secondsAfterT0: 2);
        var otherCall = Message("call-b", secondsAfterT0: 3);
        await Outbox.EnqueueAsync([first, second, otherEndpoint, otherCall], default);
        var now = T0.AddSeconds(10);

        var claimed = await Outbox.ClaimDueAsync(now, "instance-1", now.AddSeconds(60), 10, default);
        var again = await Outbox.ClaimDueAsync(now, "instance-2", now.AddSeconds(60), 10, default);
        var afterLease = await Outbox.ClaimDueAsync(now.AddSeconds(61), "instance-2", now.AddSeconds(121), 10, default);

        Assert.Equal([first.Id, otherEndpoint.Id, otherCall.Id], claimed.Select(n => n.Message.Id));
        Assert.Empty(again);
        Assert.Equal([first.Id, otherEndpoint.Id, otherCall.Id], afterLease.Select(n => n.Message.Id));
        Assert.False(await Outbox.RecordAttemptAsync(Delivered(first.Id, "instance-1", now), default));
    }

    [StoreFact]
    public async Task A_recorded_attempt_ends_the_lease_and_a_delivered_one_lets_the_next_in_line_go()
    {
        var first = Message("call-c");
        var second = Message("call-c", secondsAfterT0: 1);
        await Outbox.EnqueueAsync([first, second], default);
        var now = T0.AddSeconds(5);
        await Outbox.ClaimDueAsync(now, "me", now.AddSeconds(60), 10, default);

        var retry = new NotificationAttempt(first.Id, "me", NotificationStates.Pending, now, now.AddSeconds(30), "the receiver answered 503", 503);
        Assert.True(await Outbox.RecordAttemptAsync(retry, default));
        Assert.Empty(await Outbox.ClaimDueAsync(now.AddSeconds(29), "me", now.AddSeconds(90), 10, default));
        var due = Assert.Single(await Outbox.ClaimDueAsync(now.AddSeconds(30), "me", now.AddSeconds(90), 10, default));
        Assert.Equal((first.Id, 1, "the receiver answered 503", 503), (due.Message.Id, due.Attempts, due.LastError, due.LastStatus));

        Assert.True(await Outbox.RecordAttemptAsync(Delivered(first.Id, "me", now.AddSeconds(31)), default));
        var next = Assert.Single(await Outbox.ClaimDueAsync(now.AddSeconds(31), "me", now.AddSeconds(90), 10, default));
        Assert.Equal(second.Id, next.Message.Id);
        var delivered = (await Outbox.FindNotificationAsync(first.Id, default))!;
        Assert.Equal((NotificationStates.Delivered, 2, now.AddSeconds(31)), (delivered.State, delivered.Attempts, delivered.DeliveredAt));
        Assert.Equal(T0.AddSeconds(1), await Outbox.OldestPendingSinceAsync(default));
    }

    [StoreFact]
    public async Task Redelivery_makes_a_notification_pending_and_due_now_and_pages_go_newest_first()
    {
        var messages = Enumerable.Range(0, 5).Select(i => Message($"call-page-{i}", secondsAfterT0: i)).ToList();
        await Outbox.EnqueueAsync(messages, default);
        var now = T0.AddMinutes(5);
        await Outbox.ClaimDueAsync(now, "me", now.AddSeconds(60), 1, default);
        await Outbox.RecordAttemptAsync(new NotificationAttempt(messages[0].Id, "me", NotificationStates.Failed, now, now, "gave up", null), default);

        var redelivered = await Outbox.RedeliverAsync(messages[0].Id, now.AddMinutes(1), default);
        var unknown = await Outbox.RedeliverAsync("msg_unknown", now, default);
        var firstPage = await Outbox.ListNotificationsAsync(new NotificationQuery(null, 3, null), default);
        var secondPage = await Outbox.ListNotificationsAsync(new NotificationQuery(null, 3, firstPage.NextCursor), default);
        var failed = await Outbox.ListNotificationsAsync(new NotificationQuery(NotificationStates.Failed, 3, null), default);

        Assert.Equal((NotificationStates.Pending, now.AddMinutes(1), now.AddMinutes(1), 1), (redelivered!.State, redelivered.NextAttemptAt, redelivered.PendingSince, redelivered.Attempts));
        Assert.Null(unknown);
        Assert.Equal([messages[4].Id, messages[3].Id, messages[2].Id], firstPage.Notifications.Select(n => n.Message.Id));
        Assert.Equal([messages[1].Id, messages[0].Id], secondPage.Notifications.Select(n => n.Message.Id));
        Assert.Null(secondPage.NextCursor);
        Assert.Empty(failed.Notifications);
    }

    [StoreFact]
    public async Task A_callback_url_is_kept_by_external_id()
    {
        await Outbox.SaveCallbackAsync("order-7", "https://crm.example.com/a", T0, default);
        await Outbox.SaveCallbackAsync("order-7", "https://crm.example.com/b", T0, default);

        Assert.Equal("https://crm.example.com/b", await Outbox.FindCallbackAsync("order-7", default));
        Assert.Null(await Outbox.FindCallbackAsync("order-8", default));
    }

    [StoreFact]
    public async Task A_purge_deletes_the_callback_urls_saved_before_the_cutoff_a_batch_at_a_time()
    {
        await Outbox.SaveCallbackAsync("old-1", "https://crm.example.com/1", T0, default);
        await Outbox.SaveCallbackAsync("old-2", "https://crm.example.com/2", T0.AddMinutes(1), default);
        await Outbox.SaveCallbackAsync("recent", "https://crm.example.com/3", T0.AddDays(2), default);

        var firstBatch = await Outbox.PurgeFinishedBeforeAsync(T0.AddDays(1), 1, default);
        var secondBatch = await Outbox.PurgeFinishedBeforeAsync(T0.AddDays(1), 1, default);
        var nothingLeft = await Outbox.PurgeFinishedBeforeAsync(T0.AddDays(1), 1, default);

        Assert.Equal((1, 1, 0), (firstBatch, secondBatch, nothingLeft));
        Assert.Null(await Outbox.FindCallbackAsync("old-1", default));
        Assert.Null(await Outbox.FindCallbackAsync("old-2", default));
        Assert.Equal("https://crm.example.com/3", await Outbox.FindCallbackAsync("recent", default));
    }

    [StoreFact]
    public async Task The_notifications_of_one_call_are_listed_by_its_ordering_key_and_paged()
    {
        var mine = Enumerable.Range(0, 3).Select(i => Message("call-mine", endpoint: $"crm-{i}", secondsAfterT0: i)).ToList();
        await Outbox.EnqueueAsync([mine[0], Message("call-other"), mine[1], Message("call-mine-2"), mine[2]], default);

        var firstPage = await Outbox.ListNotificationsAsync(new NotificationQuery(null, 2, null) { OrderingKey = "call-mine" }, default);
        var secondPage = await Outbox.ListNotificationsAsync(new NotificationQuery(null, 2, firstPage.NextCursor) { OrderingKey = "call-mine" }, default);
        var none = await Outbox.ListNotificationsAsync(new NotificationQuery(null, 2, null) { OrderingKey = "call-without-notifications" }, default);

        Assert.Equal([mine[2].Id, mine[1].Id], firstPage.Notifications.Select(n => n.Message.Id));
        Assert.Equal([mine[0].Id], secondPage.Notifications.Select(n => n.Message.Id));
        Assert.Null(secondPage.NextCursor);
        Assert.Empty(none.Notifications);
    }

    [StoreFact]
    public async Task A_purge_deletes_only_finished_notifications_pending_since_before_the_cutoff_a_batch_at_a_time()
    {
        var delivered = Enumerable.Range(0, 3).Select(i => Message($"call-purge-{i}", secondsAfterT0: i)).ToList();
        var failed = Message("call-purge-failed", secondsAfterT0: 3);
        var pending = Message("call-purge-pending", secondsAfterT0: 4);
        var fresh = Message("call-purge-fresh", secondsAfterT0: 100);
        await Outbox.EnqueueAsync([.. delivered, failed, pending, fresh], default);
        var now = T0.AddSeconds(200);
        await Outbox.ClaimDueAsync(now, "me", now.AddSeconds(60), 10, default);
        foreach (var message in delivered.Append(fresh))
        {
            Assert.True(await Outbox.RecordAttemptAsync(Delivered(message.Id, "me", now), default));
        }

        Assert.True(await Outbox.RecordAttemptAsync(new NotificationAttempt(failed.Id, "me", NotificationStates.Failed, now, now, "gave up", 503), default));
        var cutoff = T0.AddSeconds(50);

        var firstBatch = await Outbox.PurgeFinishedBeforeAsync(cutoff, 2, default);
        var secondBatch = await Outbox.PurgeFinishedBeforeAsync(cutoff, 2, default);
        var nothingLeft = await Outbox.PurgeFinishedBeforeAsync(cutoff, 2, default);

        Assert.Equal((2, 2, 0), (firstBatch, secondBatch, nothingLeft));
        var left = (await Outbox.ListNotificationsAsync(new NotificationQuery(null, 10, null), default)).Notifications;
        Assert.Equal([fresh.Id, pending.Id], left.Select(n => n.Message.Id));
    }

    private static NotificationAttempt Delivered(string id, string owner, DateTimeOffset at) =>
        new(id, owner, NotificationStates.Delivered, at, at, null, 204);
}

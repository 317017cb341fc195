using TelesignVoice.Notifications;

namespace TelesignVoice.Campaigns.Storage;

/// <summary>
/// Campaigns that live and die with the process (<c>Storage:Provider</c> = <c>InMemory</c>); one lock keeps each
/// operation atomic. Its notifications go to the in-memory outbox right after the change: nothing here
/// survives a crash anyway.
/// </summary>
public sealed class InMemoryCampaignStore(INotificationStore outbox, CampaignNotifications notifications) : ICampaignStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CampaignRecord> _campaigns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nextSlots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedList<long, RecipientRecord>> _recipients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _numbers = new(StringComparer.Ordinal);
    private readonly SortedList<string, Suppression> _suppressions = new(StringComparer.Ordinal);

    public Task CreateCampaignAsync(CampaignRecord campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        lock (_gate)
        {
            _campaigns.Add(campaign.Id, campaign);
            _recipients[campaign.Id] = [];
            _numbers[campaign.Id] = new HashSet<string>(StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }

    public Task<int> AddRecipientsAsync(string campaignId, IReadOnlyList<RecipientRecord> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        lock (_gate)
        {
            var added = 0;
            foreach (var recipient in recipients)
            {
                if (_numbers[campaignId].Add(recipient.To))
                {
                    _recipients[campaignId].Add(recipient.Seq, recipient);
                    added++;
                }
            }

            return Task.FromResult(added);
        }
    }

    public Task DeleteCampaignAsync(string campaignId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _campaigns.Remove(campaignId);
            _recipients.Remove(campaignId);
            _numbers.Remove(campaignId);
            _nextSlots.Remove(campaignId);
        }

        return Task.CompletedTask;
    }

    public Task<CampaignRecord?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_campaigns.GetValueOrDefault(campaignId));
        }
    }

    public Task<CampaignPage> ListCampaignsAsync(string? status, string? cursor, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var page = _campaigns.Values
                .Where(c => c.Status != CampaignStatuses.Creating && (status is null || c.Status == status))
                .Where(c => cursor is null || string.CompareOrdinal(c.Id, cursor) < 0)
                .OrderByDescending(c => c.Id, StringComparer.Ordinal)
                .Take(limit + 1)
                .ToList();
            return Task.FromResult(CampaignPages.From(page, limit));
        }
    }

    public async Task<bool> UpdateCampaignAsync(CampaignRecord campaign, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        IReadOnlyList<OutboxMessage> messages;
        lock (_gate)
        {
            if (!_campaigns.TryGetValue(campaign.Id, out var stored) || stored.Status != expectedStatus)
            {
                return false;
            }

            _campaigns[campaign.Id] = campaign;
            messages = campaign.Status == CampaignStatuses.Completed && expectedStatus != CampaignStatuses.Completed
                ? notifications.CampaignEnded(campaign, Counts(campaign.Id))
                : [];
        }

        await outbox.EnqueueAsync(messages, cancellationToken);
        return true;
    }

    public async Task<bool> CancelCampaignAsync(CampaignRecord cancelled, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        var messages = new List<OutboxMessage>();
        lock (_gate)
        {
            if (!_campaigns.TryGetValue(cancelled.Id, out var stored) || stored.Status != expectedStatus)
            {
                return false;
            }

            _campaigns[cancelled.Id] = cancelled;
            foreach (var recipient in Recipients(cancelled.Id).Where(r => r.State is RecipientStates.Pending or RecipientStates.Waiting).ToList())
            {
                var ended = recipient with
                {
                    State = RecipientStates.Cancelled, LeaseOwner = null, LeaseUntil = null, UpdatedAt = cancelled.CompletedAt ?? cancelled.CreatedAt,
                };
                _recipients[cancelled.Id][recipient.Seq] = ended;
                messages.AddRange(notifications.RecipientFinished(cancelled, ended));
            }

            messages.AddRange(notifications.CampaignEnded(cancelled, Counts(cancelled.Id)));
        }

        await outbox.EnqueueAsync(messages, cancellationToken);
        return true;
    }

    public Task<IReadOnlyList<CampaignRecord>> ListActiveCampaignsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CampaignRecord>>(
                [.. _campaigns.Values.Where(c => c.Status is CampaignStatuses.Scheduled or CampaignStatuses.Running
                    || (c.Status == CampaignStatuses.Cancelled && Recipients(c.Id).Any(r => !RecipientStates.IsFinal(r.State))))]);
        }
    }

    public Task<IReadOnlyDictionary<string, int>> CountRecipientsAsync(string campaignId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, int>>(Counts(campaignId));
        }
    }

    private Dictionary<string, int> Counts(string campaignId) =>
        Recipients(campaignId).GroupBy(r => r.State, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public Task<int> CountBusyAsync(string campaignId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Recipients(campaignId).Count(r => CampaignQueries.IsBusy(r, now)));
        }
    }

    public Task<IReadOnlyList<RecipientRecord>> ClaimRecipientsAsync(
        string campaignId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var claimed = Recipients(campaignId)
                .Where(r => CampaignQueries.IsClaimable(r, now))
                .OrderBy(r => r.NextAttemptAt)
                .ThenBy(r => r.Seq)
                .Take(max)
                .Select(r => r with { LeaseOwner = owner, LeaseUntil = leaseUntil })
                .ToList();
            foreach (var recipient in claimed)
            {
                _recipients[campaignId][recipient.Seq] = recipient;
            }

            return Task.FromResult<IReadOnlyList<RecipientRecord>>(claimed);
        }
    }

    public Task<DateTimeOffset> ReserveDialSlotsAsync(string campaignId, int count, TimeSpan interval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var first = _nextSlots.TryGetValue(campaignId, out var next) && next > now ? next : now;
            _nextSlots[campaignId] = first + (interval * count);
            return Task.FromResult(first);
        }
    }

    public Task<RecipientRecord?> FindRecipientAsync(string campaignId, long seq, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_recipients.TryGetValue(campaignId, out var list) ? list.GetValueOrDefault(seq) : null);
        }
    }

    public async Task<RecipientRecord?> ChangeRecipientAsync(
        string campaignId, long seq, Func<RecipientRecord, RecipientRecord?> change, bool onlyWhileRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        IReadOnlyList<OutboxMessage> messages = [];
        RecipientRecord? changed;
        lock (_gate)
        {
            var campaign = _campaigns.GetValueOrDefault(campaignId);
            if (!_recipients.TryGetValue(campaignId, out var list) || !list.TryGetValue(seq, out var stored)
                || (onlyWhileRunning && campaign?.Status != CampaignStatuses.Running)
                || change(stored) is not { } written)
            {
                return null;
            }

            list[seq] = changed = written;
            if (CampaignQueries.Finishes(stored, written) && campaign is not null)
            {
                messages = notifications.RecipientFinished(campaign, written);
            }
        }

        await outbox.EnqueueAsync(messages, cancellationToken);
        return changed;
    }

    public Task<IReadOnlyList<RecipientRecord>> ListRecipientsAsync(string campaignId, string? state, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RecipientRecord>>(
                [.. Recipients(campaignId).Where(r => r.Seq > afterSeq && (state is null || r.State == state)).Take(limit)]);
        }
    }

    public Task<Suppression?> FindSuppressionAsync(string number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_suppressions.GetValueOrDefault(number));
        }
    }

    public Task<bool> PutSuppressionAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        lock (_gate)
        {
            var added = !_suppressions.ContainsKey(suppression.Number);
            _suppressions[suppression.Number] = suppression;
            return Task.FromResult(added);
        }
    }

    public Task<bool> DeleteSuppressionAsync(string number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_suppressions.Remove(number));
        }
    }

    public Task<IReadOnlyList<Suppression>> ListSuppressionsAsync(string? afterNumber, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Suppression>>(
                [.. _suppressions.Values.Where(s => afterNumber is null || string.CompareOrdinal(s.Number, afterNumber) > 0).Take(limit)]);
        }
    }

    private IEnumerable<RecipientRecord> Recipients(string campaignId) =>
        _recipients.TryGetValue(campaignId, out var list) ? list.Values : [];
}

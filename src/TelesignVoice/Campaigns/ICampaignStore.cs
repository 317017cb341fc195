namespace TelesignVoice.Campaigns;

/// <summary>
/// Where campaigns, their recipients and the suppression list are kept. Every implementation passes the
/// same contract tests (tests/TelesignVoice.Tests/Campaigns). A recipient is changed only through
/// <see cref="ChangeRecipientAsync"/> (read, change, write as one atomic step) or a claim, so two
/// instances never both move one recipient from the same state. Changes that end something write their
/// notifications (<see cref="CampaignNotifications"/>) into the outbox in the same transaction: a recipient
/// reaching a final state, a campaign becoming completed or cancelled.
/// </summary>
public interface ICampaignStore
{
    /// <summary>Stores a new campaign (status <c>creating</c> while its recipients are read in).</summary>
    Task CreateCampaignAsync(CampaignRecord campaign, CancellationToken cancellationToken);

    /// <summary>Adds recipients; a number already in the campaign is skipped. Returns how many were added.</summary>
    Task<int> AddRecipientsAsync(string campaignId, IReadOnlyList<RecipientRecord> recipients, CancellationToken cancellationToken);

    /// <summary>Forgets a campaign and its recipients (a refused list).</summary>
    Task DeleteCampaignAsync(string campaignId, CancellationToken cancellationToken);

    Task<CampaignRecord?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>Campaigns newest first, without those still being created; the cursor is the last id seen.</summary>
    Task<CampaignPage> ListCampaignsAsync(string? status, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the campaign if its status is still <paramref name="expectedStatus"/>; false when it moved on.
    /// A campaign that becomes <c>completed</c> writes its <c>campaign.completed</c> with it.
    /// </summary>
    Task<bool> UpdateCampaignAsync(CampaignRecord campaign, string expectedStatus, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: writes <paramref name="cancelled"/> (status <c>cancelled</c>) if its status is still
    /// <paramref name="expectedStatus"/>, moves every pending or waiting recipient to <c>cancelled</c>, and writes
    /// their notifications and the campaign's. Recipients in an attempt keep it until their call ends.
    /// </summary>
    Task<bool> CancelCampaignAsync(CampaignRecord cancelled, string expectedStatus, CancellationToken cancellationToken);

    /// <summary>Campaigns that are scheduled or running, and cancelled ones while a recipient is still open.</summary>
    Task<IReadOnlyList<CampaignRecord>> ListActiveCampaignsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, int>> CountRecipientsAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>Recipients taking a call slot: an attempt started, or claimed by a live lease.</summary>
    Task<int> CountBusyAsync(string campaignId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> open recipients that are due (<c>next_attempt_at</c> has come)
    /// and not leased by a live lease, oldest due first. On PostgreSQL rows another instance is claiming
    /// are skipped (<c>FOR UPDATE SKIP LOCKED</c>), never waited for or claimed twice.
    /// </summary>
    Task<IReadOnlyList<RecipientRecord>> ClaimRecipientsAsync(
        string campaignId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves <paramref name="count"/> dial times spaced by <paramref name="interval"/> on the campaign's
    /// shared clock (so all instances together keep its rate) and returns the first.
    /// </summary>
    Task<DateTimeOffset> ReserveDialSlotsAsync(string campaignId, int count, TimeSpan interval, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RecipientRecord?> FindRecipientAsync(string campaignId, long seq, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the recipient, applies <paramref name="change"/> and writes its answer, atomically; a null
    /// answer writes nothing. Returns what was written (null when nothing was). With
    /// <paramref name="onlyWhileRunning"/> nothing is written unless the campaign is <c>running</c>, read in
    /// the same transaction. Called through <see cref="CampaignStoreExtensions"/>.
    /// </summary>
    Task<RecipientRecord?> ChangeRecipientAsync(
        string campaignId, long seq, Func<RecipientRecord, RecipientRecord?> change, bool onlyWhileRunning, CancellationToken cancellationToken);

    /// <summary>Recipients in list order after <paramref name="afterSeq"/>, optionally of one state.</summary>
    Task<IReadOnlyList<RecipientRecord>> ListRecipientsAsync(string campaignId, string? state, long afterSeq, int limit, CancellationToken cancellationToken);

    Task<Suppression?> FindSuppressionAsync(string number, CancellationToken cancellationToken);

    /// <summary>Adds or replaces; true when the number was not suppressed before.</summary>
    Task<bool> PutSuppressionAsync(Suppression suppression, CancellationToken cancellationToken);

    Task<bool> DeleteSuppressionAsync(string number, CancellationToken cancellationToken);

    /// <summary>Suppressed numbers in order, after <paramref name="afterNumber"/>.</summary>
    Task<IReadOnlyList<Suppression>> ListSuppressionsAsync(string? afterNumber, int limit, CancellationToken cancellationToken);
}

public static class CampaignStoreExtensions
{
    /// <summary>Reads the recipient, applies <paramref name="change"/> and writes its answer, atomically (null: nothing written).</summary>
    public static Task<RecipientRecord?> UpdateRecipientAsync(
        this ICampaignStore store, string campaignId, long seq, Func<RecipientRecord, RecipientRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ChangeRecipientAsync(campaignId, seq, change, onlyWhileRunning: false, cancellationToken);
    }

    /// <summary>
    /// As <see cref="UpdateRecipientAsync"/>, but only while the campaign is <c>running</c>, read in the same
    /// transaction: the claim of a recipient for its next dial, which a pause or cancel committed on any
    /// instance stops.
    /// </summary>
    public static Task<RecipientRecord?> StartAttemptAsync(
        this ICampaignStore store, string campaignId, long seq, Func<RecipientRecord, RecipientRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ChangeRecipientAsync(campaignId, seq, change, onlyWhileRunning: true, cancellationToken);
    }
}

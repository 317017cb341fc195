using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TelesignVoice.Notifications;
using TelesignVoice.Storage.Postgres;

namespace TelesignVoice.Campaigns.Storage;

/// <summary>
/// Campaigns shared by several instances. Claims take rows with <c>FOR UPDATE SKIP LOCKED</c> and give
/// them a lease that expires: an instance never waits for, nor takes, a row another is claiming, and the
/// rows of an instance that died are claimed again once their lease has run out. No leader is elected;
/// the campaign row's <c>next_slot_at</c> is the rate's shared clock. The notifications a change causes are
/// inserted into the outbox in the change's transaction.
/// </summary>
public sealed class PostgresCampaignStore(NpgsqlDataSource dataSource, CampaignNotifications notifications) : ICampaignStore
{
    private const string CampaignColumns = "id, name, flow, status, settings, created_at, start_at, first_dial_at, completed_at, total, created_by";
    private const string RecipientColumns = "campaign_id, seq, to_number, state, attempts, next_attempt_at, lease_owner, lease_until, updated_at, data";
    private const string RecipientValues = "@campaign_id, @seq, @to_number, @state, @attempts, @next_attempt_at, @lease_owner, @lease_until, @updated_at, @data";

    public async Task CreateCampaignAsync(CampaignRecord campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO campaigns ({CampaignColumns}) VALUES (@id, @name, @flow, @status, @settings, @created_at, @start_at, @first_dial_at, @completed_at, @total, @created_by)");
        AddCampaign(command, campaign);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> AddRecipientsAsync(string campaignId, IReadOnlyList<RecipientRecord> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var recipient in recipients)
        {
            var command = new NpgsqlBatchCommand($"INSERT INTO campaign_recipients ({RecipientColumns}) VALUES ({RecipientValues}) ON CONFLICT DO NOTHING");
            AddRecipient(command.Parameters, recipient);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        var added = batch.BatchCommands.Sum(static (NpgsqlBatchCommand command) => (int)command.RecordsAffected);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task DeleteCampaignAsync(string campaignId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM campaign_recipients WHERE campaign_id = @id; DELETE FROM campaigns WHERE id = @id");
        command.Parameters.Add(Text("id", campaignId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CampaignRecord?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {CampaignColumns} FROM campaigns WHERE id = @id");
        command.Parameters.Add(Text("id", campaignId));
        return (await ReadAllAsync(command, ReadCampaign, cancellationToken)).FirstOrDefault();
    }

    public async Task<CampaignPage> ListCampaignsAsync(string? status, string? cursor, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {CampaignColumns} FROM campaigns
            WHERE status <> 'creating' AND (@status::text IS NULL OR status = @status) AND (@cursor::text IS NULL OR id < @cursor)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.Add(Text("status", status));
        command.Parameters.Add(Text("cursor", cursor));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit + 1));
        return CampaignPages.From(await ReadAllAsync(command, ReadCampaign, cancellationToken), limit);
    }

    public async Task<bool> UpdateCampaignAsync(CampaignRecord campaign, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await WriteCampaignAsync(connection, transaction, campaign, expectedStatus, cancellationToken))
        {
            return false;
        }

        if (campaign.Status == CampaignStatuses.Completed && expectedStatus != CampaignStatuses.Completed)
        {
            var counts = await CountRecipientsAsync(connection, transaction, campaign.Id, cancellationToken);
            await PostgresCallStore.InsertOutboxAsync(connection, transaction, notifications.CampaignEnded(campaign, counts), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> CancelCampaignAsync(CampaignRecord cancelled, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await WriteCampaignAsync(connection, transaction, cancelled, expectedStatus, cancellationToken))
        {
            return false;
        }

        List<RecipientRecord> ended;
        await using (var command = new NpgsqlCommand($"""
            UPDATE campaign_recipients SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE campaign_id = @id AND state IN ('pending', 'waiting')
            RETURNING {RecipientColumns}
            """, connection, transaction))
        {
            command.Parameters.Add(Text("id", cancelled.Id));
            command.Parameters.Add(Time("now", cancelled.CompletedAt ?? cancelled.CreatedAt));
            ended = await ReadAllAsync(command, ReadRecipient, cancellationToken);
        }

        var outbox = ended.SelectMany(recipient => notifications.RecipientFinished(cancelled, recipient)).ToList();
        outbox.AddRange(notifications.CampaignEnded(cancelled, await CountRecipientsAsync(connection, transaction, cancelled.Id, cancellationToken)));
        await PostgresCallStore.InsertOutboxAsync(connection, transaction, outbox, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> WriteCampaignAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CampaignRecord campaign, string expectedStatus, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE campaigns SET name = @name, flow = @flow, status = @status, settings = @settings, created_at = @created_at,
                start_at = @start_at, first_dial_at = @first_dial_at, completed_at = @completed_at, total = @total,
                created_by = @created_by
            WHERE id = @id AND status = @expected_status
            """, connection, transaction);
        AddCampaign(command, campaign);
        command.Parameters.Add(Text("expected_status", expectedStatus));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<CampaignRecord>> ListActiveCampaignsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {CampaignColumns} FROM campaigns c WHERE {CampaignQueries.ActiveCondition} ORDER BY id");
        return await ReadAllAsync(command, ReadCampaign, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountRecipientsAsync(string campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CountRecipientsAsync(connection, null, campaignId, cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, int>> CountRecipientsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string campaignId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT state, count(*)::int FROM campaign_recipients WHERE campaign_id = @id GROUP BY state", connection, transaction);
        command.Parameters.Add(Text("id", campaignId));
        var rows = await ReadAllAsync(command, reader => (reader.GetString(0), reader.GetInt32(1)), cancellationToken);
        return rows.ToDictionary(row => row.Item1, row => row.Item2, StringComparer.Ordinal);
    }

    public async Task<int> CountBusyAsync(string campaignId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*)::int FROM campaign_recipients
            WHERE campaign_id = @id
              AND (state IN ('dialing', 'in_call') OR (state IN ('pending', 'waiting') AND lease_until >= @now))
            """);
        command.Parameters.Add(Text("id", campaignId));
        command.Parameters.Add(Time("now", now));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<RecipientRecord>> ClaimRecipientsAsync(
        string campaignId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE campaign_recipients r SET lease_owner = @owner, lease_until = @lease_until
            FROM (
                SELECT campaign_id, seq FROM campaign_recipients
                WHERE campaign_id = @id AND state IN ('pending', 'waiting', 'dialing', 'in_call')
                  AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY next_attempt_at, seq
                LIMIT @max
                FOR UPDATE SKIP LOCKED
            ) picked
            WHERE r.campaign_id = picked.campaign_id AND r.seq = picked.seq
            RETURNING {string.Join(", ", RecipientColumns.Split(", ").Select(column => "r." + column))}
            """);
        command.Parameters.Add(Text("id", campaignId));
        command.Parameters.Add(Text("owner", owner));
        command.Parameters.Add(Time("now", now));
        command.Parameters.Add(Time("lease_until", leaseUntil));
        command.Parameters.Add(new NpgsqlParameter<int>("max", max));
        var claimed = await ReadAllAsync(command, ReadRecipient, cancellationToken);
        claimed.Sort((a, b) => a.NextAttemptAt != b.NextAttemptAt ? a.NextAttemptAt.CompareTo(b.NextAttemptAt) : a.Seq.CompareTo(b.Seq));
        return claimed;
    }

    public async Task<DateTimeOffset> ReserveDialSlotsAsync(string campaignId, int count, TimeSpan interval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The row lock of this one UPDATE is all the instances share to keep the campaign's rate.
        await using var command = dataSource.CreateCommand("""
            UPDATE campaigns SET next_slot_at = GREATEST(COALESCE(next_slot_at, @now), @now) + @span
            WHERE id = @id
            RETURNING next_slot_at - @span
            """);
        command.Parameters.Add(Text("id", campaignId));
        command.Parameters.Add(Time("now", now));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("span", interval * count));
        var first = await command.ExecuteScalarAsync(cancellationToken);
        return first is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : now;
    }

    public async Task<RecipientRecord?> FindRecipientAsync(string campaignId, long seq, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RecipientColumns} FROM campaign_recipients WHERE campaign_id = @id AND seq = @seq");
        command.Parameters.Add(Text("id", campaignId));
        command.Parameters.Add(new NpgsqlParameter<long>("seq", seq));
        return (await ReadAllAsync(command, ReadRecipient, cancellationToken)).FirstOrDefault();
    }

    /// <summary>
    /// One read-change-write under the recipient's row lock. With <paramref name="onlyWhileRunning"/> the
    /// campaign row is read FOR SHARE in the same transaction: a pause or cancel (an UPDATE of that row) on
    /// any instance either commits first, and no attempt starts, or waits until this one has committed.
    /// </summary>
    public async Task<RecipientRecord?> ChangeRecipientAsync(
        string campaignId, long seq, Func<RecipientRecord, RecipientRecord?> change, bool onlyWhileRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        CampaignRecord? campaign = null;
        if (onlyWhileRunning)
        {
            campaign = await FindCampaignAsync(connection, transaction, campaignId, "FOR SHARE", cancellationToken);
            if (campaign?.Status != CampaignStatuses.Running)
            {
                return null;
            }
        }

        RecipientRecord? stored;
        await using (var select = new NpgsqlCommand($"SELECT {RecipientColumns} FROM campaign_recipients WHERE campaign_id = @id AND seq = @seq FOR UPDATE", connection, transaction))
        {
            select.Parameters.Add(Text("id", campaignId));
            select.Parameters.Add(new NpgsqlParameter<long>("seq", seq));
            stored = (await ReadAllAsync(select, ReadRecipient, cancellationToken)).FirstOrDefault();
        }

        if (stored is null || change(stored) is not { } changed)
        {
            return null;
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE campaign_recipients SET state = @state, attempts = @attempts, next_attempt_at = @next_attempt_at,
                lease_owner = @lease_owner, lease_until = @lease_until, updated_at = @updated_at, data = @data
            WHERE campaign_id = @campaign_id AND seq = @seq
            """, connection, transaction))
        {
            AddRecipient(update.Parameters, changed);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (CampaignQueries.Finishes(stored, changed)
            && (campaign ?? await FindCampaignAsync(connection, transaction, campaignId, string.Empty, cancellationToken)) is { } owner)
        {
            await PostgresCallStore.InsertOutboxAsync(connection, transaction, notifications.RecipientFinished(owner, changed), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private static async Task<CampaignRecord?> FindCampaignAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string campaignId, string lockClause, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {CampaignColumns} FROM campaigns WHERE id = @id {lockClause}", connection, transaction);
        command.Parameters.Add(Text("id", campaignId));
        return (await ReadAllAsync(command, ReadCampaign, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<RecipientRecord>> ListRecipientsAsync(string campaignId, string? state, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {RecipientColumns} FROM campaign_recipients
            WHERE campaign_id = @id AND seq > @after AND (@state::text IS NULL OR state = @state)
            ORDER BY seq LIMIT @limit
            """);
        command.Parameters.Add(Text("id", campaignId));
        command.Parameters.Add(new NpgsqlParameter<long>("after", afterSeq));
        command.Parameters.Add(Text("state", state));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return await ReadAllAsync(command, ReadRecipient, cancellationToken);
    }

    public async Task<Suppression?> FindSuppressionAsync(string number, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT number, reason, created_at FROM suppressions WHERE number = @number");
        command.Parameters.Add(Text("number", number));
        return (await ReadAllAsync(command, ReadSuppression, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> PutSuppressionAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        // xmax = 0 only on a row this statement inserted, not on one it updated.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO suppressions (number, reason, created_at) VALUES (@number, @reason, @created_at)
            ON CONFLICT (number) DO UPDATE SET reason = excluded.reason
            RETURNING xmax = 0
            """);
        command.Parameters.Add(Text("number", suppression.Number));
        command.Parameters.Add(Text("reason", suppression.Reason));
        command.Parameters.Add(Time("created_at", suppression.CreatedAt));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> DeleteSuppressionAsync(string number, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM suppressions WHERE number = @number");
        command.Parameters.Add(Text("number", number));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<Suppression>> ListSuppressionsAsync(string? afterNumber, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT number, reason, created_at FROM suppressions WHERE @after::text IS NULL OR number > @after ORDER BY number LIMIT @limit");
        command.Parameters.Add(Text("after", afterNumber));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return await ReadAllAsync(command, ReadSuppression, cancellationToken);
    }

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static void AddCampaign(NpgsqlCommand command, CampaignRecord campaign)
    {
        var p = command.Parameters;
        p.Add(Text("id", campaign.Id));
        p.Add(Text("name", campaign.Name));
        p.Add(Text("flow", campaign.Flow));
        p.Add(Text("status", campaign.Status));
        p.Add(Json("settings", JsonSerializer.Serialize(campaign.Settings, CampaignJsonContext.Default.CampaignSettings)));
        p.Add(Time("created_at", campaign.CreatedAt));
        p.Add(Time("start_at", campaign.StartAt));
        p.Add(Time("first_dial_at", campaign.FirstDialAt));
        p.Add(Time("completed_at", campaign.CompletedAt));
        p.Add(new NpgsqlParameter<int>("total", campaign.Total));
        p.Add(Text("created_by", campaign.CreatedBy));
    }

    private static CampaignRecord ReadCampaign(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Flow = reader.GetString(2),
        Status = reader.GetString(3),
        Settings = JsonSerializer.Deserialize(reader.GetString(4), CampaignJsonContext.Default.CampaignSettings)!,
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
        StartAt = Time(reader, 6),
        FirstDialAt = Time(reader, 7),
        CompletedAt = Time(reader, 8),
        Total = reader.GetInt32(9),
        CreatedBy = reader.IsDBNull(10) ? null : reader.GetString(10),
    };

    private static void AddRecipient(NpgsqlParameterCollection p, RecipientRecord recipient)
    {
        p.Add(Text("campaign_id", recipient.CampaignId));
        p.Add(new NpgsqlParameter<long>("seq", recipient.Seq));
        p.Add(Text("to_number", recipient.To));
        p.Add(Text("state", recipient.State));
        p.Add(new NpgsqlParameter<int>("attempts", recipient.Attempts));
        p.Add(Time("next_attempt_at", recipient.NextAttemptAt));
        p.Add(Text("lease_owner", recipient.LeaseOwner));
        p.Add(Time("lease_until", recipient.LeaseUntil));
        p.Add(Time("updated_at", recipient.UpdatedAt));
        p.Add(Json("data", JsonSerializer.Serialize(recipient.Data, CampaignJsonContext.Default.RecipientData)));
    }

    private static RecipientRecord ReadRecipient(NpgsqlDataReader reader) => new()
    {
        CampaignId = reader.GetString(0),
        Seq = reader.GetInt64(1),
        To = reader.GetString(2),
        State = reader.GetString(3),
        Attempts = reader.GetInt32(4),
        NextAttemptAt = reader.GetFieldValue<DateTimeOffset>(5),
        LeaseOwner = reader.IsDBNull(6) ? null : reader.GetString(6),
        LeaseUntil = Time(reader, 7),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(8),
        Data = JsonSerializer.Deserialize(reader.GetString(9), CampaignJsonContext.Default.RecipientData)!,
    };

    private static Suppression ReadSuppression(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Json(string name, string value) => new(name, NpgsqlDbType.Jsonb) { Value = value };

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } time ? time.ToUniversalTime() : DBNull.Value };

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}

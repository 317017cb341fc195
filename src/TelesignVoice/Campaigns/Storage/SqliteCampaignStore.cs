using System.Text.Json;
using Microsoft.Data.Sqlite;
using TelesignVoice.Notifications;
using TelesignVoice.Storage.Sqlite;

namespace TelesignVoice.Campaigns.Storage;

/// <summary>
/// Campaigns in the embedded SQLite file, on the database's one connection: every write (a claim, a
/// recipient's read-change-write) runs inside one group transaction of <see cref="SqliteWorkQueue"/>, so
/// it is atomic and durable before the caller goes on. The notifications a change causes are inserted
/// into the outbox in the same transaction.
/// </summary>
public sealed class SqliteCampaignStore(SqliteDatabase database, CampaignNotifications notifications) : ICampaignStore
{
    private const string CampaignColumns = "id, name, flow, status, settings, created_at, start_at, first_dial_at, completed_at, total, created_by";
    private const string RecipientColumns = "campaign_id, seq, to_number, state, attempts, next_attempt_at, lease_owner, lease_until, updated_at, data";

    public Task CreateCampaignAsync(CampaignRecord campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return database.WriteAsync(session =>
        {
            var command = session.Command($"INSERT INTO campaigns ({CampaignColumns}) VALUES ($id, $name, $flow, $status, $settings, $created_at, $start_at, $first_dial_at, $completed_at, $total, $created_by)");
            AddCampaign(command, campaign);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<int> AddRecipientsAsync(string campaignId, IReadOnlyList<RecipientRecord> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        return database.WriteAsync(session =>
        {
            var added = 0;
            foreach (var recipient in recipients)
            {
                var command = session.Command($"INSERT INTO campaign_recipients ({RecipientColumns}) VALUES ($campaign_id, $seq, $to_number, $state, $attempts, $next_attempt_at, $lease_owner, $lease_until, $updated_at, $data) ON CONFLICT DO NOTHING");
                AddRecipient(command, recipient);
                added += command.ExecuteNonQuery();
            }

            return added;
        }, cancellationToken);
    }

    public Task DeleteCampaignAsync(string campaignId, CancellationToken cancellationToken) =>
        database.WriteAsync(session =>
        {
            var recipients = session.Command("DELETE FROM campaign_recipients WHERE campaign_id = $id");
            recipients.Parameters.AddWithValue("$id", campaignId);
            recipients.ExecuteNonQuery();
            var campaign = session.Command("DELETE FROM campaigns WHERE id = $id");
            campaign.Parameters.AddWithValue("$id", campaignId);
            return campaign.ExecuteNonQuery();
        }, cancellationToken);

    public Task<CampaignRecord?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken) =>
        database.ReadAsync(session => FindCampaign(session, campaignId), cancellationToken);

    public Task<CampaignPage> ListCampaignsAsync(string? status, string? cursor, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync(session =>
        {
            var command = session.Command($"""
                SELECT {CampaignColumns} FROM campaigns
                WHERE status <> 'creating' AND ($status IS NULL OR status = $status) AND ($cursor IS NULL OR id < $cursor)
                ORDER BY id DESC LIMIT $limit
                """);
            command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
            command.Parameters.AddWithValue("$cursor", (object?)cursor ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit + 1);
            return CampaignPages.From(ReadAll(command, ReadCampaign), limit);
        }, cancellationToken);

    public Task<bool> UpdateCampaignAsync(CampaignRecord campaign, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return database.WriteAsync(session =>
        {
            if (!WriteCampaign(session, campaign, expectedStatus))
            {
                return false;
            }

            if (campaign.Status == CampaignStatuses.Completed && expectedStatus != CampaignStatuses.Completed)
            {
                SqliteCallStore.InsertOutbox(session, notifications.CampaignEnded(campaign, CountRecipients(session, campaign.Id)));
            }

            return true;
        }, cancellationToken);
    }

    public Task<bool> CancelCampaignAsync(CampaignRecord cancelled, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        return database.WriteAsync(session =>
        {
            if (!WriteCampaign(session, cancelled, expectedStatus))
            {
                return false;
            }

            var command = session.Command($"""
                UPDATE campaign_recipients SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = $now
                WHERE campaign_id = $id AND state IN ('pending', 'waiting')
                RETURNING {RecipientColumns}
                """);
            command.Parameters.AddWithValue("$id", cancelled.Id);
            command.Parameters.AddWithValue("$now", SqliteDatabase.FormatTime(cancelled.CompletedAt ?? cancelled.CreatedAt));
            foreach (var recipient in ReadAll(command, ReadRecipient))
            {
                SqliteCallStore.InsertOutbox(session, notifications.RecipientFinished(cancelled, recipient));
            }

            SqliteCallStore.InsertOutbox(session, notifications.CampaignEnded(cancelled, CountRecipients(session, cancelled.Id)));
            return true;
        }, cancellationToken);
    }

    private static bool WriteCampaign(SqliteSession session, CampaignRecord campaign, string expectedStatus)
    {
        var command = session.Command("""
            UPDATE campaigns SET name = $name, flow = $flow, status = $status, settings = $settings, created_at = $created_at,
                start_at = $start_at, first_dial_at = $first_dial_at, completed_at = $completed_at, total = $total,
                created_by = $created_by
            WHERE id = $id AND status = $expected_status
            """);
        AddCampaign(command, campaign);
        command.Parameters.AddWithValue("$expected_status", expectedStatus);
        return command.ExecuteNonQuery() == 1;
    }

    public Task<IReadOnlyList<CampaignRecord>> ListActiveCampaignsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CampaignRecord>>(session =>
            ReadAll(session.Command($"SELECT {CampaignColumns} FROM campaigns c WHERE {CampaignQueries.ActiveCondition} ORDER BY id"), ReadCampaign),
            cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountRecipientsAsync(string campaignId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, int>>(session => CountRecipients(session, campaignId), cancellationToken);

    private static Dictionary<string, int> CountRecipients(SqliteSession session, string campaignId)
    {
        var command = session.Command("SELECT state, count(*) FROM campaign_recipients WHERE campaign_id = $id GROUP BY state");
        command.Parameters.AddWithValue("$id", campaignId);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    public Task<int> CountBusyAsync(string campaignId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(session =>
        {
            var command = session.Command("""
                SELECT count(*) FROM campaign_recipients
                WHERE campaign_id = $id
                  AND (state IN ('dialing', 'in_call') OR (state IN ('pending', 'waiting') AND lease_until >= $now))
                """);
            command.Parameters.AddWithValue("$id", campaignId);
            command.Parameters.AddWithValue("$now", SqliteDatabase.FormatTime(now));
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task<IReadOnlyList<RecipientRecord>> ClaimRecipientsAsync(
        string campaignId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<RecipientRecord>>(session =>
        {
            var select = session.Command($"""
                SELECT {RecipientColumns} FROM campaign_recipients
                WHERE campaign_id = $id AND state IN ('pending', 'waiting', 'dialing', 'in_call')
                  AND next_attempt_at <= $now AND (lease_until IS NULL OR lease_until < $now)
                ORDER BY next_attempt_at, seq LIMIT $max
                """);
            select.Parameters.AddWithValue("$id", campaignId);
            select.Parameters.AddWithValue("$now", SqliteDatabase.FormatTime(now));
            select.Parameters.AddWithValue("$max", max);
            var claimed = ReadAll(select, ReadRecipient).Select(r => r with { LeaseOwner = owner, LeaseUntil = leaseUntil }).ToList();
            foreach (var recipient in claimed)
            {
                var lease = session.Command("UPDATE campaign_recipients SET lease_owner = $owner, lease_until = $lease_until WHERE campaign_id = $id AND seq = $seq");
                lease.Parameters.AddWithValue("$owner", owner);
                lease.Parameters.AddWithValue("$lease_until", SqliteDatabase.FormatTime(leaseUntil));
                lease.Parameters.AddWithValue("$id", campaignId);
                lease.Parameters.AddWithValue("$seq", recipient.Seq);
                lease.ExecuteNonQuery();
            }

            return claimed;
        }, cancellationToken);

    public Task<DateTimeOffset> ReserveDialSlotsAsync(string campaignId, int count, TimeSpan interval, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(session =>
        {
            var read = session.Command("SELECT next_slot_at FROM campaigns WHERE id = $id");
            read.Parameters.AddWithValue("$id", campaignId);
            var stored = read.ExecuteScalar() as string;
            var first = stored is not null && SqliteDatabase.ParseTime(stored) is var next && next > now ? next : now;
            var write = session.Command("UPDATE campaigns SET next_slot_at = $next WHERE id = $id");
            write.Parameters.AddWithValue("$next", SqliteDatabase.FormatTime(first + (interval * count)));
            write.Parameters.AddWithValue("$id", campaignId);
            write.ExecuteNonQuery();
            return first;
        }, cancellationToken);

    public Task<RecipientRecord?> FindRecipientAsync(string campaignId, long seq, CancellationToken cancellationToken) =>
        database.ReadAsync(session => FindRecipient(session, campaignId, seq), cancellationToken);

    /// <summary>
    /// One read-change-write in the write queue. A pause or cancel is a write in the same queue, so the
    /// campaign status read here cannot change before this write commits.
    /// </summary>
    public Task<RecipientRecord?> ChangeRecipientAsync(
        string campaignId, long seq, Func<RecipientRecord, RecipientRecord?> change, bool onlyWhileRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return database.WriteAsync(session =>
        {
            if (FindRecipient(session, campaignId, seq) is not { } stored)
            {
                return null;
            }

            var campaign = onlyWhileRunning ? FindCampaign(session, campaignId) : null;
            if ((onlyWhileRunning && campaign?.Status != CampaignStatuses.Running) || change(stored) is not { } changed)
            {
                return null;
            }

            var command = session.Command("""
                UPDATE campaign_recipients SET state = $state, attempts = $attempts, next_attempt_at = $next_attempt_at,
                    lease_owner = $lease_owner, lease_until = $lease_until, updated_at = $updated_at, data = $data
                WHERE campaign_id = $campaign_id AND seq = $seq
                """);
            AddRecipient(command, changed);
            command.ExecuteNonQuery();
            if (CampaignQueries.Finishes(stored, changed) && (campaign ?? FindCampaign(session, campaignId)) is { } owner)
            {
                SqliteCallStore.InsertOutbox(session, notifications.RecipientFinished(owner, changed));
            }

            return changed;
        }, cancellationToken);
    }

    private static CampaignRecord? FindCampaign(SqliteSession session, string campaignId)
    {
        var command = session.Command($"SELECT {CampaignColumns} FROM campaigns WHERE id = $id");
        command.Parameters.AddWithValue("$id", campaignId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadCampaign(reader) : null;
    }

    public Task<IReadOnlyList<RecipientRecord>> ListRecipientsAsync(string campaignId, string? state, long afterSeq, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecipientRecord>>(session =>
        {
            var command = session.Command($"""
                SELECT {RecipientColumns} FROM campaign_recipients
                WHERE campaign_id = $id AND seq > $after AND ($state IS NULL OR state = $state)
                ORDER BY seq LIMIT $limit
                """);
            command.Parameters.AddWithValue("$id", campaignId);
            command.Parameters.AddWithValue("$after", afterSeq);
            command.Parameters.AddWithValue("$state", (object?)state ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAll(command, ReadRecipient);
        }, cancellationToken);

    public Task<Suppression?> FindSuppressionAsync(string number, CancellationToken cancellationToken) =>
        database.ReadAsync(session =>
        {
            var command = session.Command("SELECT number, reason, created_at FROM suppressions WHERE number = $number");
            command.Parameters.AddWithValue("$number", number);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadSuppression(reader) : null;
        }, cancellationToken);

    public Task<bool> PutSuppressionAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        return database.WriteAsync(session =>
        {
            var exists = session.Command("SELECT count(*) FROM suppressions WHERE number = $number");
            exists.Parameters.AddWithValue("$number", suppression.Number);
            var added = Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0;
            var command = session.Command("INSERT INTO suppressions (number, reason, created_at) VALUES ($number, $reason, $created_at) ON CONFLICT (number) DO UPDATE SET reason = excluded.reason");
            command.Parameters.AddWithValue("$number", suppression.Number);
            command.Parameters.AddWithValue("$reason", (object?)suppression.Reason ?? DBNull.Value);
            command.Parameters.AddWithValue("$created_at", SqliteDatabase.FormatTime(suppression.CreatedAt));
            command.ExecuteNonQuery();
            return added;
        }, cancellationToken);
    }

    public Task<bool> DeleteSuppressionAsync(string number, CancellationToken cancellationToken) =>
        database.WriteAsync(session =>
        {
            var command = session.Command("DELETE FROM suppressions WHERE number = $number");
            command.Parameters.AddWithValue("$number", number);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<Suppression>> ListSuppressionsAsync(string? afterNumber, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Suppression>>(session =>
        {
            var command = session.Command("SELECT number, reason, created_at FROM suppressions WHERE $after IS NULL OR number > $after ORDER BY number LIMIT $limit");
            command.Parameters.AddWithValue("$after", (object?)afterNumber ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAll(command, ReadSuppression);
        }, cancellationToken);

    private static RecipientRecord? FindRecipient(SqliteSession session, string campaignId, long seq)
    {
        var command = session.Command($"SELECT {RecipientColumns} FROM campaign_recipients WHERE campaign_id = $id AND seq = $seq");
        command.Parameters.AddWithValue("$id", campaignId);
        command.Parameters.AddWithValue("$seq", seq);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRecipient(reader) : null;
    }

    private static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static void AddCampaign(SqliteCommand command, CampaignRecord campaign)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", campaign.Id);
        p.AddWithValue("$name", campaign.Name);
        p.AddWithValue("$flow", campaign.Flow);
        p.AddWithValue("$status", campaign.Status);
        p.AddWithValue("$settings", JsonSerializer.Serialize(campaign.Settings, CampaignJsonContext.Default.CampaignSettings));
        p.AddWithValue("$created_at", SqliteDatabase.FormatTime(campaign.CreatedAt));
        p.AddWithValue("$start_at", Time(campaign.StartAt));
        p.AddWithValue("$first_dial_at", Time(campaign.FirstDialAt));
        p.AddWithValue("$completed_at", Time(campaign.CompletedAt));
        p.AddWithValue("$total", campaign.Total);
        p.AddWithValue("$created_by", (object?)campaign.CreatedBy ?? DBNull.Value);
    }

    private static CampaignRecord ReadCampaign(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Flow = reader.GetString(2),
        Status = reader.GetString(3),
        Settings = JsonSerializer.Deserialize(reader.GetString(4), CampaignJsonContext.Default.CampaignSettings)!,
        CreatedAt = SqliteDatabase.ParseTime(reader.GetString(5)),
        StartAt = Time(reader, 6),
        FirstDialAt = Time(reader, 7),
        CompletedAt = Time(reader, 8),
        Total = reader.GetInt32(9),
        CreatedBy = reader.IsDBNull(10) ? null : reader.GetString(10),
    };

    private static void AddRecipient(SqliteCommand command, RecipientRecord recipient)
    {
        var p = command.Parameters;
        p.AddWithValue("$campaign_id", recipient.CampaignId);
        p.AddWithValue("$seq", recipient.Seq);
        p.AddWithValue("$to_number", recipient.To);
        p.AddWithValue("$state", recipient.State);
        p.AddWithValue("$attempts", recipient.Attempts);
        p.AddWithValue("$next_attempt_at", SqliteDatabase.FormatTime(recipient.NextAttemptAt));
        p.AddWithValue("$lease_owner", (object?)recipient.LeaseOwner ?? DBNull.Value);
        p.AddWithValue("$lease_until", Time(recipient.LeaseUntil));
        p.AddWithValue("$updated_at", SqliteDatabase.FormatTime(recipient.UpdatedAt));
        p.AddWithValue("$data", JsonSerializer.Serialize(recipient.Data, CampaignJsonContext.Default.RecipientData));
    }

    private static RecipientRecord ReadRecipient(SqliteDataReader reader) => new()
    {
        CampaignId = reader.GetString(0),
        Seq = reader.GetInt64(1),
        To = reader.GetString(2),
        State = reader.GetString(3),
        Attempts = reader.GetInt32(4),
        NextAttemptAt = SqliteDatabase.ParseTime(reader.GetString(5)),
        LeaseOwner = reader.IsDBNull(6) ? null : reader.GetString(6),
        LeaseUntil = Time(reader, 7),
        UpdatedAt = SqliteDatabase.ParseTime(reader.GetString(8)),
        Data = JsonSerializer.Deserialize(reader.GetString(9), CampaignJsonContext.Default.RecipientData)!,
    };

    private static Suppression ReadSuppression(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), SqliteDatabase.ParseTime(reader.GetString(2)));

    private static object Time(DateTimeOffset? time) => time is { } t ? SqliteDatabase.FormatTime(t) : DBNull.Value;

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteDatabase.ParseTime(reader.GetString(ordinal));
}

namespace TelesignVoice.Campaigns;

/// <summary>
/// Reads a list into a new campaign as it arrives, a batch at a time, so a list of any length needs the
/// memory of one batch. A list with bad rows is refused whole: rows stop going to the store at the first
/// bad one, but reading goes on so that every bad row and field is named (the first
/// <see cref="MaxReportedRows"/> of them); the campaign is then deleted. Duplicate numbers are called once.
/// </summary>
public sealed class RecipientImport(ICampaignStore store, CampaignValidator validator, CampaignRecord campaign, DateTimeOffset now)
{
    public const int BatchSize = 1000;
    public const int MaxReportedRows = 100;

    private readonly List<RecipientRecord> _batch = new(BatchSize);
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);
    private long _seq;

    public int Accepted { get; private set; }

    public int Rows { get; private set; }

    public int BadRows { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    /// <summary>Set when the list as a whole cannot be read (a bad header, bytes that are not UTF-8): no row counts then.</summary>
    public IReadOnlyDictionary<string, string[]>? Refused { get; private set; }

    /// <summary>One row; <paramref name="label"/> names it in errors (<c>recipients[3]</c>, <c>rows[4]</c>).</summary>
    public async Task AddAsync(string label, RecipientInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Rows++;
        var (recipient, errors) = validator.ValidateRecipient(campaign, input, ++_seq, now);
        if (recipient is null)
        {
            Record(label, errors);
            return;
        }

        if (BadRows > 0)
        {
            return;
        }

        _batch.Add(recipient);
        if (_batch.Count >= BatchSize)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>A row that cannot even be read as a recipient (a CSV row with the wrong number of fields).</summary>
    public void RejectRow(string label, IReadOnlyDictionary<string, string[]> errors)
    {
        Rows++;
        Record(label, errors);
    }

    /// <summary>The whole list is refused, for a reason that is no row's: nothing more is read or stored.</summary>
    public void Refuse(string field, string message)
    {
        Refused = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] };
        _batch.Clear();
    }

    private void Record(string label, IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        BadRows++;
        _batch.Clear();
        if (BadRows > MaxReportedRows)
        {
            return;
        }

        foreach (var (field, messages) in errors)
        {
            _errors[$"{label}.{field}"] = messages;
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch.Count == 0 || BadRows > 0 || Refused is not null)
        {
            return;
        }

        Accepted += await store.AddRecipientsAsync(campaign.Id, _batch, cancellationToken);
        _batch.Clear();
    }
}

using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace TelesignVoice.Campaigns;

/// <summary>
/// A CSV campaign: header row <c>to,&lt;variable&gt;,…</c> (optional columns <c>external_id</c> and
/// <c>time_zone</c>), settings as query parameters. Rows are read from the body as it streams in; a row is
/// named by its line number in errors (<c>rows[2]</c> is the first after the header).
/// </summary>
public static class CampaignCsv
{
    public const string MediaType = "text/csv";

    public static (CreateCampaignRequest? Request, Dictionary<string, string[]> Errors) ReadSettings(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var rate = Number(query, "calls_per_second", errors);
        var concurrent = Number(query, "max_concurrent_calls", errors);
        if (concurrent is { } c && c != Math.Floor(c))
        {
            errors["max_concurrent_calls"] = ["max_concurrent_calls must be a whole number."];
        }

        CallingHours? hours = null;
        if (query["calling_hours"].ToString() is { Length: > 0 } range)
        {
            var parts = range.Split('-');
            if (parts.Length != 2)
            {
                errors["calling_hours"] = ["calling_hours must be a range of local times, e.g. 09:00-20:00."];
            }
            else
            {
                hours = new CallingHours(parts[0].Trim(), parts[1].Trim(), Text(query, "time_zone"));
            }
        }

        DateTimeOffset? startAt = null;
        if (Text(query, "start_at") is { } start)
        {
            if (DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                startAt = parsed;
            }
            else
            {
                errors["start_at"] = ["start_at must be an ISO 8601 time, e.g. 2026-05-01T09:00:00Z."];
            }
        }

        Dictionary<string, RetryRule>? retry = null;
        foreach (var (key, value) in query.Where(q => q.Key.StartsWith("retry.", StringComparison.Ordinal)))
        {
            retry ??= new Dictionary<string, RetryRule>(StringComparer.Ordinal);
            var parts = value.ToString().Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var delay))
            {
                retry[key["retry.".Length..]] = new RetryRule(attempts, delay);
            }
            else
            {
                errors[key] = [$"{key} must be attempts,delay_seconds, e.g. {key}=3,300."];
            }
        }

        if (query["retry"].ToString() == "none")
        {
            retry = new Dictionary<string, RetryRule>(StringComparer.Ordinal);
        }

        return errors.Count > 0
            ? (null, errors)
            : (new CreateCampaignRequest
            {
                Name = Text(query, "name"),
                Flow = Text(query, "flow"),
                CallerIdNumber = Text(query, "caller_id_number"),
                CallsPerSecond = rate,
                MaxConcurrentCalls = concurrent is { } whole ? (int)Math.Clamp(whole, int.MinValue, int.MaxValue) : null,
                CallbackUrl = Text(query, "callback_url"),
                CallingHours = hours,
                Retry = retry,
                StartAt = startAt,
            }, errors);
    }

    /// <summary>
    /// Every row of the body into <paramref name="import"/>. A header without a <c>to</c> column or naming a
    /// column twice, or bytes that are not UTF-8, refuse the whole list (<see cref="RecipientImport.Refuse"/>).
    /// </summary>
    public static async Task ImportAsync(Stream body, RecipientImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        // Strict UTF-8: a list saved as Latin-1 would otherwise be stored with U+FFFD in its names.
        using var text = new StreamReader(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(text, config);
        try
        {
            var header = await csv.ReadAsync() && csv.ReadHeader() ? csv.HeaderRecord ?? [] : [];
            if (HeaderProblem(header) is { } problem)
            {
                import.Refuse("csv", problem);
                return;
            }

            while (await csv.ReadAsync())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var label = $"rows[{csv.Parser.RawRow.ToString(CultureInfo.InvariantCulture)}]";
                if (csv.Parser.Count != header.Length)
                {
                    import.RejectRow(label, new Dictionary<string, string[]>(StringComparer.Ordinal)
                    {
                        ["columns"] = [$"The row has {csv.Parser.Count} fields; the header has {header.Length}."],
                    });
                    continue;
                }

                await import.AddAsync(label, ReadRow(csv, header), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is DecoderFallbackException || ex.InnerException is DecoderFallbackException)
        {
            import.Refuse("csv", $"The body is not valid UTF-8 (at line {(csv.Parser.RawRow + 1).ToString(CultureInfo.InvariantCulture)} or just after): send the list encoded as UTF-8.");
            return;
        }

        await import.FlushAsync(cancellationToken);
    }

    /// <summary>Why the header cannot be used, or null.</summary>
    private static string? HeaderProblem(string[] header)
    {
        if (!header.Contains("to", StringComparer.Ordinal))
        {
            return "The first row must be a header naming the columns, with a 'to' column: to,<variable>,… (optional external_id, time_zone).";
        }

        if (Array.FindIndex(header, string.IsNullOrEmpty) is var unnamed and >= 0)
        {
            return $"Column {(unnamed + 1).ToString(CultureInfo.InvariantCulture)} of the header has no name: name every column.";
        }

        return header.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(names => names.Count() > 1) is { } twice
            ? $"The header names the column '{twice.Key}' {twice.Count().ToString(CultureInfo.InvariantCulture)} times: name each column once."
            : null;
    }

    private static RecipientInput ReadRow(CsvReader csv, string[] header)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? to = null, externalId = null, timeZone = null;
        for (var i = 0; i < header.Length; i++)
        {
            var value = csv.GetField(i);
            switch (header[i])
            {
                case "to": to = value; break;
                case "external_id": externalId = string.IsNullOrEmpty(value) ? null : value; break;
                case "time_zone": timeZone = string.IsNullOrEmpty(value) ? null : value; break;
                default:
                    if (!string.IsNullOrEmpty(value))
                    {
                        variables[header[i]] = value;
                    }

                    break;
            }
        }

        return new RecipientInput { To = to, ExternalId = externalId, TimeZone = timeZone, Variables = variables };
    }

    private static string? Text(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } value ? value : null;

    private static double? Number(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (Text(query, name) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors[name] = [$"{name} must be a number."];
        return null;
    }
}

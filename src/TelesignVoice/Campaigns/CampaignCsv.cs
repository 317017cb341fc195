using System.Globalization;
using System.Runtime.CompilerServices;
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
                MaxConcurrentCalls = concurrent is { } whole ? (int)Math.Min(whole, int.MaxValue) : null,
                CallingHours = hours,
                Retry = retry,
                StartAt = startAt,
            }, errors);
    }

    /// <summary>Every row of the body into <paramref name="import"/>; false (with the error recorded) when the header is unusable.</summary>
    public static async Task<bool> ImportAsync(Stream body, RecipientImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        await foreach (var (label, input, problem) in ReadRowsAsync(body, cancellationToken))
        {
            if (problem is not null)
            {
                import.Reject(label, problem);
                if (label == "header")
                {
                    return false;
                }

                continue;
            }

            await import.AddAsync(label, input!, cancellationToken);
        }

        await import.FlushAsync(cancellationToken);
        return true;
    }

    private static async IAsyncEnumerable<(string Label, RecipientInput? Input, Dictionary<string, string[]>? Problem)> ReadRowsAsync(
        Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(text, config);
        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { } header
            || !header.Contains("to", StringComparer.Ordinal))
        {
            yield return ("header", null, new(StringComparer.Ordinal)
            {
                ["csv"] = ["The first row must be a header naming the columns, with a 'to' column: to,<variable>,… (optional external_id, time_zone)."],
            });
            yield break;
        }

        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var label = $"rows[{csv.Parser.RawRow.ToString(CultureInfo.InvariantCulture)}]";
            if (csv.Parser.Count != header.Length)
            {
                yield return (label, null, new(StringComparer.Ordinal)
                {
                    ["columns"] = [$"The row has {csv.Parser.Count} fields; the header has {header.Length}."],
                });
                continue;
            }

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

            yield return (label, new RecipientInput { To = to, ExternalId = externalId, TimeZone = timeZone, Variables = variables }, null);
        }
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

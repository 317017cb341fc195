using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Campaigns;

/// <summary>Recipients page by page, and the whole campaign's results streamed one row per recipient.</summary>
public static class CampaignResults
{
    public const string NdjsonMediaType = "application/x-ndjson";
    private const int StreamPage = 500;

    public static async Task<Results<Ok<RecipientList>, ValidationProblem, ProblemHttpResult>> ListRecipientsAsync(
        string id,
        string? state,
        string? cursor,
        string? limit,
        ICampaignStore store,
        IOptions<CampaignOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (state is not null && !RecipientStates.All.Contains(state))
        {
            errors["state"] = [$"state must be one of: {string.Join(", ", RecipientStates.All)}."];
        }

        long after = 0;
        if (cursor is not null && (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            errors["cursor"] = [CampaignsEndpoints.ForeignCursor];
        }

        var pageSize = CampaignsEndpoints.ParseLimit(limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The recipient list query is not valid");
        }

        if (await CampaignsEndpoints.FindAsync(store, id, cancellationToken) is null)
        {
            return CampaignsEndpoints.NotFound(id);
        }

        var rows = await store.ListRecipientsAsync(id, state, after, pageSize + 1, cancellationToken);
        var page = rows.Take(pageSize).Select(r => RecipientView.Of(r, options.Value.ShowFullNumbers)).ToList();
        var next = rows.Count > pageSize ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new RecipientList(page, next));
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        string id,
        HttpContext context,
        ICampaignStore store,
        IOptions<CampaignOptions> options,
        CancellationToken cancellationToken)
    {
        if (await CampaignsEndpoints.FindAsync(store, id, cancellationToken) is null)
        {
            return CampaignsEndpoints.NotFound(id);
        }

        var asCsv = context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CampaignCsv.MediaType, StringComparison.OrdinalIgnoreCase));
        var response = context.Response;
        response.ContentType = asCsv ? $"{CampaignCsv.MediaType}; charset=utf-8" : NdjsonMediaType;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
        await using var csv = asCsv ? new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true) : null;
        if (csv is not null)
        {
            foreach (var column in new[] { "id", "to", "external_id", "state", "attempts", "last_outcome", "reference_ids", "final_step", "digits", "saved" })
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
        }

        long after = 0;
        while (true)
        {
            var rows = await store.ListRecipientsAsync(id, null, after, StreamPage, cancellationToken);
            foreach (var row in rows)
            {
                var view = RecipientView.Of(row, options.Value.ShowFullNumbers);
                if (csv is not null)
                {
                    await WriteCsvRowAsync(csv, view);
                }
                else
                {
                    await writer.WriteAsync(JsonSerializer.Serialize(view, CampaignJsonContext.Default.RecipientView));
                    await writer.WriteAsync('\n');
                }
            }

            await writer.FlushAsync(cancellationToken);
            if (rows.Count < StreamPage)
            {
                break;
            }

            after = rows[^1].Seq;
        }

        return TypedResults.Empty;
    }

    private static async Task WriteCsvRowAsync(CsvWriter csv, RecipientView view)
    {
        var last = view.Attempts.Count > 0 ? view.Attempts[^1] : null;
        csv.WriteField(view.Id);
        csv.WriteField(view.To);
        csv.WriteField(view.ExternalId);
        csv.WriteField(view.State);
        csv.WriteField(view.Attempts.Count);
        csv.WriteField(last?.Outcome);
        csv.WriteField(string.Join(' ', view.Attempts.Select(a => a.ReferenceId).OfType<string>()));
        csv.WriteField(last?.FinalStep);
        csv.WriteField(view.Digits is null ? null : string.Join(' ', view.Digits));
        csv.WriteField(view.Saved is null ? null : JsonSerializer.Serialize(new Dictionary<string, string>(view.Saved), CampaignJsonContext.Default.DictionaryStringString));
        await csv.NextRecordAsync();
    }
}

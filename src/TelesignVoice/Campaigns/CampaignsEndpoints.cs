using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TelesignVoice.Observability;
using TelesignVoice.Operators;

namespace TelesignVoice.Campaigns;

/// <summary>The campaign API: create from JSON or CSV, read status and counts, list recipients and results, pause, resume, cancel.</summary>
public static class CampaignsEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapCampaigns(this IEndpointRouteBuilder app)
    {
        var group = app.MapOperatorGroup("/campaigns", "Campaigns");
        group.MapPost("/", CreateAsync)
            .RequireOperator(OperatorRole.Caller)
            .Audited("campaign.create", (_, answer) => (answer as CampaignView)?.Id)
            .WithName("CreateCampaign")
            .WithSummary("Create a campaign from JSON, or from a CSV body (Content-Type: text/csv, settings as query parameters).")
            .WithDescription("A list with bad rows is refused whole (400), naming every bad row and field; duplicate numbers are called once.")
            .Accepts<CreateCampaignRequest>("application/json", CampaignCsv.MediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/", ListAsync).WithName("ListCampaigns").WithSummary("Campaigns, newest first, with counts by recipient state.");
        group.MapGet("/{id}", GetAsync).WithName("GetCampaign").WithSummary("Status and counts of recipients by state.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/recipients", CampaignResults.ListRecipientsAsync)
            .WithName("ListCampaignRecipients")
            .WithSummary("Recipients in list order: state, attempts with reference_ids and outcomes, what the flow saved.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/results", CampaignResults.StreamAsync)
            .WithName("GetCampaignResults")
            .WithSummary("One row per recipient, streamed: CSV with Accept: text/csv, NDJSON otherwise.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/pause", PauseAsync).WithName("PauseCampaign").WithSummary("No dial starts after this answer until resume.").ProducesProblem(StatusCodes.Status409Conflict)
            .RequireOperator(OperatorRole.Caller)
            .Audited("campaign.pause", "id");
        group.MapPost("/{id}/resume", ResumeAsync).WithName("ResumeCampaign").ProducesProblem(StatusCodes.Status409Conflict)
            .RequireOperator(OperatorRole.Caller)
            .Audited("campaign.resume", "id");
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelCampaign").WithSummary("Recipients not in a call become cancelled; calls in progress finish.").ProducesProblem(StatusCodes.Status409Conflict)
            .RequireOperator(OperatorRole.Caller)
            .Audited("campaign.cancel", "id");
        return group;
    }

    public static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context,
        ICampaignStore store,
        CampaignValidator validator,
        CampaignWakeup wakeup,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var isCsv = context.Request.ContentType is { } type && type.StartsWith(CampaignCsv.MediaType, StringComparison.OrdinalIgnoreCase);
        if (!isCsv && !context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(
                title: "Unsupported media type",
                detail: "Send the campaign as JSON (Content-Type: application/json) or as CSV (Content-Type: text/csv, settings as query parameters).",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var createdBy = OperatorIdentity.Required(context).Name;
        if (isCsv)
        {
            return await CreateFromCsvAsync(context.Request.Query, context.Request.Body, createdBy, store, validator, wakeup, time, cancellationToken);
        }

        var (request, errors) = await ReadJsonAsync(context.Request, cancellationToken);
        return await CreateCampaignAsync(request, errors, "recipients", ImportJsonRowsAsync, createdBy, store, validator, wakeup, time, cancellationToken);

        async Task ImportJsonRowsAsync(RecipientImport import, CancellationToken cancellationToken)
        {
            var rows = request!.Recipients ?? [];
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i] is { } row)
                {
                    await import.AddAsync($"recipients[{i.ToString(CultureInfo.InvariantCulture)}]", row, cancellationToken);
                }
                else
                {
                    import.RejectRow($"recipients[{i.ToString(CultureInfo.InvariantCulture)}]", new Dictionary<string, string[]> { ["to"] = ["Each recipient is an object with at least \"to\"."] });
                }
            }

            await import.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A campaign from a CSV list: the settings by the query parameters' names (<see cref="CampaignCsv.ReadSettings"/>),
    /// the rows from <paramref name="csv"/>. POST /campaigns with text/csv and the console's upload form both come here.
    /// </summary>
    /// <param name="createdBy">The operator key's name, kept on the campaign and on its calls as placed_by.</param>
    public static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateFromCsvAsync(
        IQueryCollection settings,
        Stream csv,
        string createdBy,
        ICampaignStore store,
        CampaignValidator validator,
        CampaignWakeup wakeup,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (request, errors) = CampaignCsv.ReadSettings(settings);
        return await CreateCampaignAsync(request, errors, "rows", (import, token) => CampaignCsv.ImportAsync(csv, import, token), createdBy, store, validator, wakeup, time, cancellationToken);
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateCampaignAsync(
        CreateCampaignRequest? request,
        Dictionary<string, string[]> errors,
        string listField,
        Func<RecipientImport, CancellationToken, Task> importRowsAsync,
        string createdBy,
        ICampaignStore store,
        CampaignValidator validator,
        CampaignWakeup wakeup,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        CampaignRecord? campaign = null;
        if (request is not null)
        {
            (campaign, errors) = validator.ValidateSettings(request, NewId(now), now);
            campaign = campaign is null ? null : campaign with { CreatedBy = createdBy };
        }

        if (campaign is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The campaign has invalid settings");
        }

        await store.CreateCampaignAsync(campaign, cancellationToken);
        var import = new RecipientImport(store, validator, campaign, now);
        try
        {
            await importRowsAsync(import, cancellationToken);
        }
        catch
        {
            await store.DeleteCampaignAsync(campaign.Id, CancellationToken.None);
            throw;
        }

        if (import.Refused is not null || import.BadRows > 0 || import.Accepted == 0)
        {
            await store.DeleteCampaignAsync(campaign.Id, CancellationToken.None);
            return Refused(import, listField == "rows");
        }

        var status = campaign.StartAt is { } startAt && startAt > now ? CampaignStatuses.Scheduled : CampaignStatuses.Running;
        var created = campaign with { Status = status, Total = import.Accepted };
        await store.UpdateCampaignAsync(created, CampaignStatuses.Creating, cancellationToken);
        wakeup.Wake();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { [RecipientStates.Pending] = import.Accepted };
        return TypedResults.Created($"/campaigns/{created.Id}", CampaignView.Of(created, counts, import.Rows - import.Accepted));
    }

    private static ValidationProblem Refused(RecipientImport import, bool isCsv)
    {
        if (import.Refused is { } list)
        {
            return TypedResults.ValidationProblem(
                list, detail: "The list cannot be read; nothing was stored. Fix it and send the whole list again.", title: "The recipient list was refused");
        }

        if (import.BadRows == 0)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { [isCsv ? "rows" : "recipients"] = ["The list holds no recipient."] },
                title: "The recipient list was refused");
        }

        var named = import.BadRows > RecipientImport.MaxReportedRows ? $" (the first {RecipientImport.MaxReportedRows} are named)" : string.Empty;
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(import.Errors, StringComparer.Ordinal),
            detail: $"{import.BadRows} of {import.Rows} rows are invalid{named}; nothing was stored. Fix them and send the whole list again.",
            title: "The recipient list was refused");
    }

    public static async Task<Results<Ok<CampaignList>, ValidationProblem>> ListAsync(
        string? status, string? cursor, string? limit, ICampaignStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !CampaignStatuses.Visible.Contains(status))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", CampaignStatuses.Visible)}."];
        }

        if (cursor is not null && !IsCampaignId(cursor))
        {
            errors["cursor"] = [ForeignCursor];
        }

        var pageSize = ParseLimit(limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The campaign list query is not valid");
        }

        var page = await store.ListCampaignsAsync(status, cursor, pageSize, cancellationToken);
        var views = new List<CampaignView>(page.Campaigns.Count);
        foreach (var campaign in page.Campaigns)
        {
            views.Add(CampaignView.Of(campaign, await store.CountRecipientsAsync(campaign.Id, cancellationToken)));
        }

        return TypedResults.Ok(new CampaignList(views, page.NextCursor));
    }

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetAsync(
        string id, ICampaignStore store, CampaignMetrics metrics, CancellationToken cancellationToken)
    {
        if (await FindAsync(store, id, cancellationToken) is not { } campaign)
        {
            return NotFound(id);
        }

        var counts = await store.CountRecipientsAsync(id, cancellationToken);
        metrics.Snapshot(id, counts);
        return TypedResults.Ok(CampaignView.Of(campaign, counts));
    }

    public static Task<Results<Ok<CampaignView>, ProblemHttpResult>> PauseAsync(string id, ICampaignStore store, CampaignWakeup wakeup, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, store, wakeup, "pause", c => c.Status is CampaignStatuses.Running or CampaignStatuses.Scheduled ? c with { Status = CampaignStatuses.Paused } : null, cancellationToken);

    public static Task<Results<Ok<CampaignView>, ProblemHttpResult>> ResumeAsync(string id, ICampaignStore store, CampaignWakeup wakeup, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, store, wakeup, "resume", c => c.Status == CampaignStatuses.Paused
            ? c with { Status = c.StartAt is { } start && start > time.GetUtcNow() ? CampaignStatuses.Scheduled : CampaignStatuses.Running }
            : null, cancellationToken);

    public static Task<Results<Ok<CampaignView>, ProblemHttpResult>> CancelAsync(string id, ICampaignStore store, CampaignWakeup wakeup, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, store, wakeup, "cancel", c => c.Status is CampaignStatuses.Running or CampaignStatuses.Scheduled or CampaignStatuses.Paused
            ? c with { Status = CampaignStatuses.Cancelled, CompletedAt = time.GetUtcNow() }
            : null, cancellationToken);

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> ChangeStatusAsync(
        string id, ICampaignStore store, CampaignWakeup wakeup, string verb,
        Func<CampaignRecord, CampaignRecord?> change, CancellationToken cancellationToken)
    {
        // A few tries: the dispatcher may move the campaign (scheduled to running, running to completed) meanwhile.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await FindAsync(store, id, cancellationToken) is not { } campaign)
            {
                return NotFound(id);
            }

            if (change(campaign) is not { } changed)
            {
                return TypedResults.Problem(
                    title: $"The campaign cannot {verb} now",
                    detail: $"Campaign '{id}' is {campaign.Status}.",
                    statusCode: StatusCodes.Status409Conflict,
                    // "status" is the problem's own HTTP status (RFC 9457); the campaign's is named apart.
                    extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["campaign_status"] = campaign.Status });
            }

            var written = changed.Status == CampaignStatuses.Cancelled
                ? await store.CancelCampaignAsync(changed, campaign.Status, cancellationToken)
                : await store.UpdateCampaignAsync(changed, campaign.Status, cancellationToken);
            if (written)
            {
                wakeup.Wake();
                return TypedResults.Ok(CampaignView.Of(changed, await store.CountRecipientsAsync(id, cancellationToken)));
            }
        }

        return TypedResults.Problem(title: "The campaign kept changing", detail: "Try again.", statusCode: StatusCodes.Status409Conflict);
    }

    internal static async Task<CampaignRecord?> FindAsync(ICampaignStore store, string id, CancellationToken cancellationToken) =>
        await store.FindCampaignAsync(id, cancellationToken) is { Status: not CampaignStatuses.Creating } campaign ? campaign : null;

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: "Campaign not found", detail: $"No campaign has id '{id}'.", statusCode: StatusCodes.Status404NotFound);

    internal static int ParseLimit(string? limit, Dictionary<string, string[]> errors)
    {
        var pageSize = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }

        return pageSize;
    }

    /// <summary>What a list answers for a cursor it did not give (campaigns, recipients, suppressions).</summary>
    internal const string ForeignCursor = "cursor must be a next_cursor value returned by this list.";

    /// <summary>The shape <see cref="NewId"/> gives: what a list's next_cursor can be.</summary>
    internal static bool IsCampaignId(string value) =>
        value.Length == 26 && value.StartsWith("cmp_", StringComparison.Ordinal) && !value.AsSpan(4).ContainsAnyExcept(LowerHexDigits);

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>Sortable by creation time (milliseconds first), unguessable after it.</summary>
    private static string NewId(DateTimeOffset now) =>
        $"cmp_{now.ToUnixTimeMilliseconds():x12}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";

    private static async Task<(CreateCampaignRequest? Request, Dictionary<string, string[]> Errors)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, CampaignJsonContext.Default.CreateCampaignRequest, cancellationToken);
            return body is null
                ? (null, new(StringComparer.Ordinal) { ["body"] = ["The body must be a JSON object with name, flow and recipients."] })
                : (body, new(StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            var (field, message) = JsonBodyProblems.Describe(ex);
            return (null, new(StringComparer.Ordinal) { [field] = [message] });
        }
    }
}

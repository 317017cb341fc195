using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TelesignVoice.Campaigns;
using TelesignVoice.Flows;
using TelesignVoice.Operators;
using TelesignVoice.OperatorConsole.Pages;

namespace TelesignVoice.OperatorConsole;

/// <summary>Campaigns: the list, each one's progress and counts, pause / resume / cancel, and its results as CSV.</summary>
public static class ConsoleCampaignPages
{
    private const int PageSize = 50;

    public static RouteGroupBuilder MapCampaignPages(this RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/campaigns", ListAsync);
        pages.MapGet("/campaigns/new", NewCampaign).RequireConsoleRole(OperatorRole.Caller);
        pages.MapPost("/campaigns/new", CreateAsync)
            .RequireConsoleAntiforgery()
            .RequireConsoleRole(OperatorRole.Caller)
            .Audited("console.campaign.create", (_, answer) => (answer as RedirectHttpResult)?.Url is { } created ? Uri.UnescapeDataString(created[(created.LastIndexOf('/') + 1)..]) : null);
        pages.MapGet("/campaigns/{id}", ShowAsync);
        pages.MapGet("/campaigns/{id}/progress", ProgressAsync);
        pages.MapGet("/campaigns/{id}/results.csv", ResultsAsync);
        pages.MapPost("/campaigns/{id}/{action:regex(^(pause|resume|cancel)$)}", ChangeAsync)
            .RequireConsoleAntiforgery()
            .RequireConsoleRole(OperatorRole.Caller)
            .Audited("console.campaign", (http, _) => $"{http.GetRouteValue("id")} {http.GetRouteValue("action")}");
        return pages;
    }

    public static async Task<RazorComponentResult<CampaignsPage>> ListAsync(ICampaignStore store, CancellationToken cancellationToken)
    {
        var page = await store.ListCampaignsAsync(null, null, PageSize, cancellationToken);
        var views = new List<CampaignView>(page.Campaigns.Count);
        foreach (var campaign in page.Campaigns)
        {
            views.Add(CampaignView.Of(campaign, await store.CountRecipientsAsync(campaign.Id, cancellationToken)));
        }

        return new RazorComponentResult<CampaignsPage>(new { Campaigns = views });
    }

    public static RazorComponentResult<NewCampaignPage> NewCampaign(FlowCatalog flows) =>
        new(new { Form = new CampaignUploadForm(), Flows = FlowIds(flows) });

    /// <summary>The upload goes through the API's own CSV path; its refusal is shown on the form, row by row.</summary>
    public static async Task<IResult> CreateAsync(
        HttpContext context,
        FlowCatalog flows,
        ICampaignStore store,
        CampaignValidator validator,
        CampaignWakeup wakeup,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var posted = await context.Request.ReadFormAsync(cancellationToken);
        var form = CampaignUploadForm.From(posted);
        var (settings, errors) = form.ToSettings();
        string? detail = null;
        if (posted.Files.GetFile(CampaignUploadForm.FileField) is not { Length: > 0 } file)
        {
            errors[CampaignUploadForm.FileField] = "Choose the CSV file of the people to call: a header row with a 'to' column, then one row per person.";
        }
        else if (settings is not null)
        {
            await using var csv = file.OpenReadStream();
            var answer = await CampaignsEndpoints.CreateFromCsvAsync(settings, csv, OperatorIdentity.Required(context).Name, store, validator, wakeup, time, cancellationToken);
            if (answer.Result is Created<CampaignView> { Value: { } created })
            {
                return TypedResults.Redirect($"{ConsoleEndpoints.BasePath}/campaigns/{Uri.EscapeDataString(created.Id)}");
            }

            errors = CampaignUploadForm.Problems(answer.Result);
            detail = (answer.Result as ValidationProblem)?.ProblemDetails.Detail;
        }

        return new RazorComponentResult<NewCampaignPage>(new { Form = form, Flows = FlowIds(flows), Errors = errors, Detail = detail })
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    public static async Task<RazorComponentResult> ShowAsync(string id, ICampaignStore store, CampaignMetrics metrics, CancellationToken cancellationToken) =>
        (await CampaignsEndpoints.GetAsync(id, store, metrics, cancellationToken)).Result is Ok<CampaignView> { Value: { } campaign }
            ? new RazorComponentResult<CampaignDetailPage>(new { Campaign = campaign })
            : MessagePage.For($"No campaign has id “{id}”.", "/console/campaigns", "Back to the campaigns");

    public static async Task<RazorComponentResult> ProgressAsync(string id, ICampaignStore store, CampaignMetrics metrics, CancellationToken cancellationToken) =>
        (await CampaignsEndpoints.GetAsync(id, store, metrics, cancellationToken)).Result is Ok<CampaignView> { Value: { } campaign }
            ? new RazorComponentResult<CampaignProgress>(new { Campaign = campaign })
            : MessagePage.For($"No campaign has id “{id}”.", "/console/campaigns", "Back to the campaigns");

    /// <summary>The API's own handlers change the status, so the console and the API refuse the same things.</summary>
    public static async Task<IResult> ChangeAsync(
        string id,
        string action,
        ICampaignStore store,
        CampaignWakeup wakeup,
        TimeProvider time,
        CampaignMetrics metrics,
        CancellationToken cancellationToken)
    {
        var result = action switch
        {
            "pause" => await CampaignsEndpoints.PauseAsync(id, store, wakeup, time, cancellationToken),
            "resume" => await CampaignsEndpoints.ResumeAsync(id, store, wakeup, time, cancellationToken),
            _ => await CampaignsEndpoints.CancelAsync(id, store, wakeup, time, cancellationToken),
        };
        if (result.Result is ProblemHttpResult { ProblemDetails: var problem } refused)
        {
            return refused.StatusCode == StatusCodes.Status404NotFound
                ? MessagePage.For($"No campaign has id “{id}”.", "/console/campaigns", "Back to the campaigns")
                : MessagePage.Conflict($"{problem.Title}: {problem.Detail}", $"/console/campaigns/{Uri.EscapeDataString(id)}", "Back to the campaign");
        }

        return TypedResults.Redirect($"{ConsoleEndpoints.BasePath}/campaigns/{Uri.EscapeDataString(id)}");
    }

    private static List<string> FlowIds(FlowCatalog flows) => [.. flows.FlowIds.Order(StringComparer.Ordinal)];

    /// <summary>The results as the API streams them (Accept: text/csv), as a file to save.</summary>
    public static async Task<IResult> ResultsAsync(string id, HttpContext context, ICampaignStore store, IOptions<CampaignOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Request.Headers.Accept = CampaignCsv.MediaType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{id}-results.csv\"";
        var result = await CampaignResults.StreamAsync(id, context, store, options, cancellationToken);
        return result.Result is ProblemHttpResult
            ? MessagePage.For($"No campaign has id “{id}”.", "/console/campaigns", "Back to the campaigns")
            : Results.Empty;
    }
}

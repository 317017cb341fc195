using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TelesignVoice.Flows;
using TelesignVoice.OperatorConsole.Pages;
using TelesignVoice.Storage;

namespace TelesignVoice.OperatorConsole;

/// <summary>The calls list (filters, paging, live rows) and one call's story.</summary>
public static class ConsoleCallPages
{
    public static RouteGroupBuilder MapCallPages(this RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/calls", ListAsync);
        pages.MapGet("/calls/rows", RowsAsync);
        pages.MapGet("/calls/{reference_id}", ShowAsync);
        pages.MapGet("/calls/{reference_id}/timeline", TimelineAsync);
        return pages;
    }

    public static async Task<RazorComponentResult<CallsPage>> ListAsync(HttpContext context, ICallStore store, FlowCatalog flows, CancellationToken cancellationToken)
    {
        var list = await LoadAsync(CallFilter.FromQuery(context.Request.Query), store, cancellationToken);
        return new RazorComponentResult<CallsPage>(new { List = list, Flows = flows.FlowIds.Order(StringComparer.Ordinal).ToList() })
        {
            StatusCode = list.Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
        };
    }

    public static async Task<RazorComponentResult<CallRows>> RowsAsync(HttpContext context, ICallStore store, CancellationToken cancellationToken) =>
        new(new { List = await LoadAsync(CallFilter.FromQuery(context.Request.Query), store, cancellationToken) });

    public static async Task<RazorComponentResult> ShowAsync(
        [FromRoute(Name = "reference_id")] string referenceId,
        CallStories stories,
        CancellationToken cancellationToken) =>
        await stories.FindAsync(referenceId, cancellationToken) is { } story
            ? new RazorComponentResult<CallDetailPage>(new { Story = story })
            : MessagePage.For($"No call has reference id “{referenceId}”.", "/console/calls", "Back to the calls");

    public static async Task<RazorComponentResult> TimelineAsync(
        [FromRoute(Name = "reference_id")] string referenceId,
        CallStories stories,
        CancellationToken cancellationToken) =>
        await stories.FindAsync(referenceId, cancellationToken) is { } story
            ? new RazorComponentResult<CallTimeline>(new { Story = story })
            : MessagePage.For($"No call has reference id “{referenceId}”.", "/console/calls", "Back to the calls");

    private static async Task<CallListView> LoadAsync(CallFilter filter, ICallStore store, CancellationToken cancellationToken)
    {
        var (query, errors) = filter.ToQuery();
        if (query is null)
        {
            return new CallListView(filter, [], null, errors);
        }

        var page = await store.ListCallsAsync(query, cancellationToken);
        return new CallListView(filter, page.Calls, page.NextCursor, errors);
    }
}

public sealed record CallListView(
    CallFilter Filter,
    IReadOnlyList<Calls.CallRecord> Calls,
    string? NextCursor,
    IReadOnlyDictionary<string, string> Errors);

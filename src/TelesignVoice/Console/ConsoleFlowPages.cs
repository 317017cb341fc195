using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TelesignVoice.Flows;
using TelesignVoice.OperatorConsole.Pages;

namespace TelesignVoice.OperatorConsole;

/// <summary>The flows as loaded: the list with their warnings, and each flow's steps and diagram.</summary>
public static class ConsoleFlowPages
{
    public static RouteGroupBuilder MapFlowPages(this RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/flows", List);
        pages.MapGet("/flows/{name}", ShowAsync);
        return pages;
    }

    public static RazorComponentResult<FlowsPage> List(FlowCatalog catalog, FlowLoader loader, IOptions<FlowOptions> options)
    {
        var warnings = loader.Load(options.Value).Warnings;
        var flows = catalog.FlowIds.Order(StringComparer.Ordinal)
            .Select(id => catalog.Find(id)!)
            .Select(flow => new FlowView(flow, [.. warnings.Where(w => w.Source == flow.Source)], IsDefault: flow.Id == catalog.DefaultFlowId))
            .ToList();
        return new RazorComponentResult<FlowsPage>(new { Flows = flows });
    }

    public static async Task<RazorComponentResult> ShowAsync(
        string name,
        [FromQuery(Name = "call")] string? referenceId,
        FlowCatalog catalog,
        FlowLoader loader,
        IOptions<FlowOptions> options,
        CallStories stories,
        CancellationToken cancellationToken)
    {
        if (catalog.FlowIds.Contains(name) is false || catalog.Find(name) is not { } flow)
        {
            return MessagePage.For($"There is no flow named “{name}”.", "/console/flows", "Back to the flows");
        }

        var story = referenceId is null ? null : await stories.FindAsync(referenceId, cancellationToken);
        var path = story is not null && story.Call.Flow == flow.Id ? story.Path : [];
        var warnings = loader.Load(options.Value).Warnings.Where(w => w.Source == flow.Source).ToList();
        return new RazorComponentResult<FlowPage>(new
        {
            Flow = new FlowView(flow, warnings, flow.Id == catalog.DefaultFlowId),
            Call = story?.Call,
            Path = path,
            Diagram = ConsoleDiagrams.Mermaid(flow, path),
        });
    }
}

public sealed record FlowView(FlowDefinition Definition, IReadOnlyList<FlowProblem> Warnings, bool IsDefault);

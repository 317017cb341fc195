using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TelesignVoice.Flows;
using TelesignVoice.OperatorConsole.Pages;

namespace TelesignVoice.OperatorConsole;

/// <summary>The flows as loaded: the list with their warnings, and each flow's steps and diagram (<see cref="FlowDiagram"/>).</summary>
public static class ConsoleFlowPages
{
    public static RouteGroupBuilder MapFlowPages(this RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/flows", List);
        pages.MapGet("/flows/{name}", ShowAsync);
        return pages;
    }

    public static RazorComponentResult<FlowsPage> List(FlowCatalog catalog)
    {
        var set = catalog.Current;
        var flows = set.Flows.Values.OrderBy(flow => flow.Id, StringComparer.Ordinal)
            .Select(flow => new FlowView(flow, set.WarningsOf(flow), flow.Id == catalog.DefaultFlowId))
            .ToList();
        return new RazorComponentResult<FlowsPage>(new { Flows = flows, Set = set, Failure = catalog.LastFailedReload });
    }

    /// <summary>The current version of a flow; with <c>?call=</c>, the version that call ran on, its steps highlighted.</summary>
    public static async Task<RazorComponentResult> ShowAsync(
        string name,
        [FromQuery(Name = "call")] string? referenceId,
        FlowCatalog catalog,
        CallStories stories,
        CancellationToken cancellationToken)
    {
        var story = referenceId is null ? null : await stories.FindAsync(referenceId, cancellationToken);
        var flow = story?.Flow is { } ran && ran.Id == name ? ran : catalog.Current.Flows.GetValueOrDefault(name);
        if (flow is null)
        {
            return MessagePage.For($"There is no flow named “{name}”.", "/console/flows", "Back to the flows");
        }

        var path = story?.Flow == flow ? story.Path : [];
        return new RazorComponentResult<FlowPage>(new
        {
            Flow = new FlowView(flow, catalog.Current.WarningsOf(flow), flow.Id == catalog.DefaultFlowId),
            Current = catalog.Find(name),
            Call = story?.Call,
            Path = path,
            Diagram = FlowDiagram.ToMermaid(flow, path),
        });
    }
}

public sealed record FlowView(FlowDefinition Definition, IReadOnlyList<FlowProblem> Warnings, bool IsDefault);

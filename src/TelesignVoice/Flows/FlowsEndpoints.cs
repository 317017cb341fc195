using Microsoft.AspNetCore.Http.HttpResults;
using TelesignVoice.Operators;

namespace TelesignVoice.Flows;

/// <summary>The flows as loaded: list, one definition, its diagram, and a reload on demand. Every route needs an operator key.</summary>
public static class FlowsEndpoints
{
    public const string MermaidContentType = "text/vnd.mermaid; charset=utf-8";

    public static RouteGroupBuilder MapFlows(this IEndpointRouteBuilder app)
    {
        var group = app.MapOperatorGroup("/flows", "Call flows");
        group.MapGet("/", ListFlows)
            .WithName("ListFlows")
            .WithSummary("The flows new calls start on: name, version (content hash), description, warnings.");
        group.MapGet("/{name}", GetFlow)
            .WithName("GetFlow")
            .WithSummary("One flow's definition as loaded (defaults filled in), with its version and warnings.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/diagram", GetDiagram)
            .WithName("GetFlowDiagram")
            .WithSummary("The flow as a Mermaid flowchart (text/vnd.mermaid); ?highlight=step,step highlights steps.")
            .Produces<string>(StatusCodes.Status200OK, "text/vnd.mermaid")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/reload", Reload)
            .RequireOperator(OperatorRole.Admin)
            .Audited("flows.reload", (_, _) => "flows")
            .WithName("ReloadFlows")
            .WithSummary("Reads and checks the flow files now; swaps them in when valid, keeps the last good set otherwise.")
            .Produces<FlowReloadAnswer>(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static Ok<FlowList> ListFlows(FlowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var set = catalog.Current;
        return TypedResults.Ok(new FlowList([.. set.Flows.Values.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => FlowSummary.Of(f, set))]));
    }

    public static Results<Ok<FlowDetails>, ProblemHttpResult> GetFlow(string name, FlowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var set = catalog.Current;
        return set.Flows.TryGetValue(name, out var flow)
            ? TypedResults.Ok(new FlowDetails(flow.Id, flow.Version, flow.Description, flow.Source, set.WarningsOf(flow).Select(w => w.ToString()).ToList(), flow))
            : NoSuchFlow(name, set);
    }

    public static Results<ContentHttpResult, ProblemHttpResult> GetDiagram(string name, string? highlight, FlowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var set = catalog.Current;
        if (!set.Flows.TryGetValue(name, out var flow))
        {
            return NoSuchFlow(name, set);
        }

        var highlighted = highlight?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return TypedResults.Content(FlowDiagram.ToMermaid(flow, highlighted), MermaidContentType);
    }

    public static Results<Ok<FlowReloadAnswer>, UnprocessableEntity<FlowReloadAnswer>> Reload(FlowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var result = catalog.Reload("POST /flows/reload");
        var set = catalog.Current;
        var answer = new FlowReloadAnswer(
            result.Succeeded ? "reloaded" : "refused",
            [.. result.Changed],
            [.. result.Errors.Select(e => e.ToString())],
            [.. result.Warnings.Select(w => w.ToString())],
            [.. set.Flows.Values.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => FlowSummary.Of(f, set))]);
        return result.Succeeded ? TypedResults.Ok(answer) : TypedResults.UnprocessableEntity(answer);
    }

    private static ProblemHttpResult NoSuchFlow(string name, FlowSet set) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No such flow",
            detail: $"There is no flow named '{name}' (flows: {string.Join(", ", set.Flows.Keys.Order(StringComparer.Ordinal))}).",
            extensions: new Dictionary<string, object?> { ["field"] = "name" });
}

public sealed record FlowList(IReadOnlyList<FlowSummary> Flows);

public sealed record FlowSummary(string Name, string Version, string? Description, string Source, IReadOnlyList<string> Warnings)
{
    public static FlowSummary Of(FlowDefinition flow, FlowSet set)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(set);
        return new FlowSummary(flow.Id, flow.Version, flow.Description, flow.Source, [.. set.WarningsOf(flow).Select(w => w.ToString())]);
    }
}

public sealed record FlowDetails(string Name, string Version, string? Description, string Source, IReadOnlyList<string> Warnings, FlowDefinition Definition);

/// <param name="Result"><c>reloaded</c> (the new set serves) or <c>refused</c> (the last good set still serves).</param>
public sealed record FlowReloadAnswer(string Result, IReadOnlyList<string> Changed, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<FlowSummary> Flows);

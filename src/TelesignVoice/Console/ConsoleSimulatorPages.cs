using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.OperatorConsole.Pages;
using TelesignVoice.Simulator;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// Place a test call with a caller script and watch its transcript. Mapped only when the Telesign
/// simulator is on (<c>Simulator:Enabled</c>, set by appsettings.Development.json).
/// </summary>
public static class ConsoleSimulatorPages
{
    public static RouteGroupBuilder MapSimulatorPages(this RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (!pages.ServiceProvider().GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled)
        {
            return pages;
        }

        pages.MapGet("/simulator", Show);
        pages.MapPost("/simulator", PlaceAsync).RequireConsoleAntiforgery();
        pages.MapGet("/simulator/calls/{reference_id}", Transcript);
        pages.MapGet("/simulator/calls/{reference_id}/lines", TranscriptLines);
        return pages;
    }

    public static RazorComponentResult<SimulatorPage> Show(FlowCatalog flows) =>
        new(new { Form = new SimulatorForm(), Flows = FlowIds(flows) });

    public static async Task<Results<RedirectHttpResult, RazorComponentResult<SimulatorPage>>> PlaceAsync(
        [FromForm] SimulatorForm form,
        FlowCatalog flows,
        CallDialer dialer,
        TelesignSimulator simulator,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (request, errors) = form.ToRequest();
        if (request is not null)
        {
            var answer = await SimulatorEndpoints.PlaceCallAsync(request, dialer, simulator, context, cancellationToken);
            switch (answer.Result)
            {
                case Accepted<SimulatedCallStarted> { Value: { } started }:
                    return TypedResults.Redirect($"{ConsoleEndpoints.BasePath}/simulator/calls/{Uri.EscapeDataString(started.ReferenceId)}");
                case ValidationProblem validation:
                    errors = validation.ProblemDetails.Errors.ToDictionary(e => e.Key, e => string.Join(" ", e.Value), StringComparer.Ordinal);
                    break;
                case ProblemHttpResult problem:
                    errors = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = $"{problem.ProblemDetails.Title}: {problem.ProblemDetails.Detail}" };
                    break;
            }
        }

        return new RazorComponentResult<SimulatorPage>(new { Form = form, Flows = FlowIds(flows), Errors = errors })
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    public static RazorComponentResult Transcript([FromRoute(Name = "reference_id")] string referenceId, TelesignSimulator simulator) =>
        simulator.Find(referenceId) is { } transcript
            ? new RazorComponentResult<TranscriptPage>(new { Transcript = transcript.View() })
            : MessagePage.For($"The simulator has no transcript of “{referenceId}” (only the last Simulator:MaxTranscripts calls are kept).", "/console/simulator", "Place a test call");

    public static RazorComponentResult TranscriptLines([FromRoute(Name = "reference_id")] string referenceId, TelesignSimulator simulator) =>
        simulator.Find(referenceId) is { } transcript
            ? new RazorComponentResult<TranscriptLines>(new { Transcript = transcript.View() })
            : MessagePage.For($"The simulator has no transcript of “{referenceId}”.", "/console/simulator", "Place a test call");

    private static List<string> FlowIds(FlowCatalog flows) => [.. flows.FlowIds.Order(StringComparer.Ordinal)];

    private static IServiceProvider ServiceProvider(this IEndpointRouteBuilder builder) => builder.ServiceProvider;
}

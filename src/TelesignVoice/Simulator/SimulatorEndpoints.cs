using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Operators;

namespace TelesignVoice.Simulator;

/// <summary>
/// The simulator's control API, mapped only when <c>Simulator:Enabled</c> is true and guarded by the
/// operator key like <c>/calls</c>.
/// </summary>
public static class SimulatorEndpoints
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("/simulator")
            .WithTags("Simulator")
            .RequireOperator(OperatorRole.Caller)
            .RequireRateLimiting(OperatorRateLimiting.PolicyName);
        group.MapPost("/calls", PlaceCallAsync).WithSummary("Places an outbound call like POST /calls; the simulated callee follows the script.");
        group.MapPost("/inbound", StartInbound).WithSummary("Someone calls one of our numbers; the scripted caller answers the prompts.");
        group.MapGet("/calls/{referenceId}", GetTranscriptAsync).WithSummary("The transcript of a simulated call; ?wait=N waits up to N seconds for its end.");
        group.MapGet("/faults", GetFaults);
        group.MapPut("/faults", SetFaults).WithSummary("Faults injected into the next dials.");
        group.MapDelete("/faults", ClearFaults);
        group.MapGet("/numbers", ListNumbers).WithSummary("Every number with a script or a dial: its scripts and how many dials reached it.");
        group.MapGet("/numbers/{number}", GetNumber);
        group.MapPut("/numbers/{number}", SetNumber).WithSummary("The script of each dial to this number in turn (the last repeats); the dial count starts again.");
        group.MapDelete("/numbers/{number}", DeleteNumber);
        return app;
    }

    public static async Task<Results<Accepted<SimulatedCallStarted>, ValidationProblem, ProblemHttpResult>> PlaceCallAsync(
        SimulatorCallRequest request,
        CallDialer dialer,
        TelesignSimulator simulator,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scriptErrors = SimulatorRequestRules.Script(request.Script);
        if (scriptErrors.Count > 0)
        {
            return TypedResults.ValidationProblem(scriptErrors, title: "The caller script is not valid");
        }

        // The script travels with the dial as its external_id, exactly as Telesign echoes it back.
        var externalId = $"sim-{Guid.NewGuid():N}";
        simulator.AttachScript(externalId, request.Script ?? CallerScript.Pressing([.. simulator.DefaultPresses]));
        var result = await dialer.PlaceCallAsync(
            new PlaceCallRequest
            {
                To = request.To,
                Flow = request.Flow,
                ExternalId = externalId,
                Variables = request.Variables?.ToDictionary(pair => pair.Key, string? (pair) => pair.Value, StringComparer.Ordinal),
            },
            OperatorIdentity.Of(context)?.Name,
            cancellationToken);
        var answer = CallAnswer.From(result);
        if (answer.Accepted is { } accepted)
        {
            return TypedResults.Accepted(
                $"/simulator/calls/{accepted.ReferenceId}",
                new SimulatedCallStarted(accepted.ReferenceId, $"/calls/{accepted.ReferenceId}"));
        }

        simulator.DetachScript(externalId);
        return answer.Errors is not null
            ? TypedResults.ValidationProblem(answer.Errors, title: answer.Title)
            : TypedResults.Problem(detail: answer.Detail, statusCode: answer.StatusCode, title: answer.Title);
    }

    public static Results<Accepted<SimulatedCallStarted>, ValidationProblem, ProblemHttpResult> StartInbound(
        SimulatorInboundRequest request,
        TelesignSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = SimulatorRequestRules.Numbers(("from", request.From), ("to", request.To));
        foreach (var (field, messages) in SimulatorRequestRules.Script(request.Script))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The inbound call is not valid");
        }

        if (simulator.IsFull)
        {
            return TypedResults.Problem(
                title: "Too many simulated calls",
                detail: "Simulator:MaxRunningCalls calls are running; wait for one to end.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var call = simulator.StartInbound(request.From!, request.To!, request.Script ?? new CallerScript());
        return TypedResults.Accepted($"/simulator/calls/{call.ReferenceId}", new SimulatedCallStarted(call.ReferenceId, null));
    }

    public static async Task<Results<Ok<SimulatedCallView>, ProblemHttpResult>> GetTranscriptAsync(
        string referenceId,
        int? wait,
        TelesignSimulator simulator,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (simulator.Find(referenceId) is not { } transcript)
        {
            return TypedResults.Problem(title: "Not found", detail: $"No simulated call has reference_id {referenceId}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (wait is > 0)
        {
            var limit = TimeSpan.FromSeconds(Math.Min(wait.Value, MaxWait.TotalSeconds));
            try
            {
                return TypedResults.Ok(await transcript.Completion.WaitAsync(limit, time, cancellationToken));
            }
            catch (TimeoutException)
            {
                // Still running after the wait: the caller gets the transcript so far, state "running".
            }
        }

        return TypedResults.Ok(transcript.View());
    }

    public static Ok<FaultSettings> GetFaults(SimulatorFaults faults) => TypedResults.Ok(faults.Current);

    public static Results<Ok<FaultSettings>, ValidationProblem> SetFaults(FaultSettings settings, SimulatorFaults faults)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = SimulatorRequestRules.Faults(settings);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The faults are not valid");
        }

        faults.Set(settings);
        return TypedResults.Ok(faults.Current);
    }

    public static NoContent ClearFaults(SimulatorFaults faults)
    {
        faults.Clear();
        return TypedResults.NoContent();
    }

    public static Ok<NumberScriptList> ListNumbers(NumberScripts numbers) => TypedResults.Ok(new NumberScriptList(numbers.All));

    public static Results<Ok<NumberScriptView>, ProblemHttpResult> GetNumber(string number, NumberScripts numbers) =>
        numbers.Find(number) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(title: "Not found", detail: $"Number {number} has no script and no dial yet.", statusCode: StatusCodes.Status404NotFound);

    public static Results<Ok<NumberScriptView>, ValidationProblem> SetNumber(string number, NumberScriptRequest request, NumberScripts numbers)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = SimulatorRequestRules.NumberScripts(number, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The number's scripts are not valid");
        }

        return TypedResults.Ok(numbers.Set(number, [.. request.Attempts!.Select(script => script!)]));
    }

    public static Results<NoContent, ProblemHttpResult> DeleteNumber(string number, NumberScripts numbers) =>
        numbers.Remove(number)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not found", detail: $"Number {number} has no script.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record SimulatorInboundRequest(string? From, string? To, CallerScript? Script);

/// <summary>An outbound call placed like POST /calls, with the script its callee follows.</summary>
public sealed record SimulatorCallRequest(
    string? To,
    string? Flow,
    IReadOnlyDictionary<string, string>? Variables,
    CallerScript? Script);

/// <param name="CallUrl">The operator API's record of the call (outbound calls only).</param>
public sealed record SimulatedCallStarted(string ReferenceId, string? CallUrl)
{
    public string TranscriptUrl => $"/simulator/calls/{ReferenceId}";
}

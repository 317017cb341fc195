using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TelesignVoice.Operators;
using TelesignVoice.Simulator;

namespace TelesignVoice.Notifications;

/// <summary>The simulator's receiver, mapped only when <c>Simulator:Enabled</c> is true.</summary>
public static class SimulatorReceiverEndpoints
{
    public static IEndpointRouteBuilder MapSimulatorReceiver(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled)
        {
            return app;
        }

        // The receiver itself is called by the dispatcher, like a customer's: the signature is its guard.
        app.MapPost("/simulator/receiver", ReceiveAsync).WithTags("Simulator").ExcludeFromDescription();
        var control = app.MapGroup("/simulator/receiver").WithTags("Simulator").RequireOperator(OperatorRole.Caller);
        control.MapGet("/", List).WithSummary("Notifications the simulator's receiver got, newest last; ?reference_id= for one call's.");
        control.MapPut("/behaviour", SetBehaviour).WithSummary("Make the receiver fail the next N deliveries, answer slowly, or refuse signatures.");
        control.MapDelete("/", Clear).WithSummary("Forget what the receiver got and make it answer normally again.");
        return app;
    }

    public static async Task<StatusCodeHttpResult> ReceiveAsync(HttpRequest request, SimulatorReceiver receiver, CancellationToken cancellationToken) =>
        TypedResults.StatusCode(await receiver.ReceiveAsync(request, cancellationToken));

    public static Ok<ReceivedNotificationList> List(string? reference_id, SimulatorReceiver receiver) =>
        TypedResults.Ok(new ReceivedNotificationList(receiver.IsConfigured, receiver.Behaviour, receiver.Received(reference_id)));

    public static Results<Ok<ReceiverBehaviour>, ValidationProblem> SetBehaviour(ReceiverBehaviour behaviour, SimulatorReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (behaviour.FailTimes is < 0 or > 1000)
        {
            errors["fail_times"] = ["fail_times must be from 0 to 1000."];
        }

        if (behaviour.DelayMilliseconds is < 0 or > 120_000)
        {
            errors["delay_milliseconds"] = ["delay_milliseconds must be from 0 to 120000."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The receiver behaviour is not valid");
        }

        receiver.Behaviour = behaviour;
        return TypedResults.Ok(behaviour);
    }

    public static NoContent Clear(SimulatorReceiver receiver)
    {
        receiver.Clear();
        return TypedResults.NoContent();
    }
}

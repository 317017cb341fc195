using TelesignVoice.Calls;

namespace TelesignVoice.Flows;

/// <summary>
/// A step written in C#, for what a file cannot say (look up an account, check a PIN). A file flow uses
/// it as <c>{"code": "name", "results": {"found": "menu", "not_found": "sorry"}}</c>; the step runs within
/// the event, returns one of those results and may set variables.
/// </summary>
public interface IFlowStep
{
    ValueTask<FlowStepResult> RunAsync(FlowStepContext context, CancellationToken cancellationToken);
}

/// <param name="Variables">The call's variables, including digits saved by earlier steps.</param>
public sealed record FlowStepContext(string FlowId, string StepId, CallRecord Call, IReadOnlyDictionary<string, string> Variables);

public sealed record FlowStepResult(string Result)
{
    /// <summary>Variables to set (or overwrite) on the call.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = FlowTargets.NoRoutes;
}

/// <summary>Builds a flow in code; it is validated and run exactly like a file flow.</summary>
public sealed class CallFlowBuilder(string id)
{
    private readonly Dictionary<string, FlowStep> _steps = new(StringComparer.Ordinal);
    private string? _start;
    private string? _language;
    private string? _onError;
    private IReadOnlyList<string> _languages = [];

    public CallFlowBuilder StartAt(string stepId)
    {
        _start = stepId;
        return this;
    }

    public CallFlowBuilder Language(string language)
    {
        _language = language;
        return this;
    }

    /// <summary>The languages every say is written in (FlowStep.SayIn), the first being the default.</summary>
    public CallFlowBuilder Languages(params string[] languages)
    {
        _languages = languages;
        return this;
    }

    public CallFlowBuilder OnError(string stepId)
    {
        _onError = stepId;
        return this;
    }

    public CallFlowBuilder Step(string stepId, FlowStep step)
    {
        _steps[stepId] = step;
        return this;
    }

    public FlowDefinition Build() => new()
    {
        Id = id,
        Source = $"code flow '{id}'",
        Start = _start ?? _steps.Keys.FirstOrDefault() ?? string.Empty,
        Language = _language,
        Languages = _languages,
        OnError = _onError,
        Steps = new Dictionary<string, FlowStep>(_steps, StringComparer.Ordinal),
    };
}

public sealed record CallFlowRegistration(string Id, Action<CallFlowBuilder> Configure);

public sealed record FlowStepRegistration(string Name);

public static class CallFlowServiceCollectionExtensions
{
    /// <summary>Adds a flow written in code; file flows may not use the same id.</summary>
    public static IServiceCollection AddCallFlow(this IServiceCollection services, string id, Action<CallFlowBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddSingleton(new CallFlowRegistration(id, configure));
    }

    /// <summary>Adds a code step that flows reference as <c>"code": "<paramref name="name"/>"</c>. It is resolved per event, so it may use scoped services.</summary>
    public static IServiceCollection AddFlowStep<TStep>(this IServiceCollection services, string name)
        where TStep : class, IFlowStep
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddKeyedScoped<IFlowStep, TStep>(name);
        return services.AddSingleton(new FlowStepRegistration(name));
    }
}

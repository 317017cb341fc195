using Microsoft.Extensions.Options;

namespace TelesignVoice.Flows;

/// <summary>
/// The loaded, valid flows and which one a call runs. POST /calls asks it before dialling:
/// <see cref="Exists"/> and <see cref="FindMissingVariables"/>, so that a call is refused with a clear
/// problem rather than speaking "{name}" to someone.
/// </summary>
public sealed class FlowCatalog
{
    private readonly IReadOnlyDictionary<string, FlowDefinition> _flows;
    private readonly FlowOptions _options;

    public FlowCatalog(FlowLoader loader, IOptions<FlowOptions> options)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var result = loader.Load(_options);
        if (result.Errors.Count > 0)
        {
            throw new FlowValidationException(result.Errors);
        }

        _flows = result.Flows;
    }

    public string DefaultFlowId => _options.DefaultFlow;

    public IReadOnlyCollection<string> FlowIds => [.. _flows.Keys];

    /// <summary>True when the flow exists; null means the default flow, which always does.</summary>
    public bool Exists(string? flowId) => flowId is null || _flows.ContainsKey(flowId);

    /// <summary>The flow to run, the default one when <paramref name="flowId"/> is null; null when there is no such flow.</summary>
    public FlowDefinition? Find(string? flowId) => _flows.GetValueOrDefault(flowId ?? _options.DefaultFlow);

    /// <summary>The flow an incoming call runs: the one mapped to the number called in Flows:Inbound (digits, no +), else the default.</summary>
    public string InboundFlowFor(string? numberCalled) =>
        numberCalled is not null && _options.Inbound.TryGetValue(numberCalled.TrimStart('+'), out var flowId) ? flowId : _options.DefaultFlow;

    /// <summary>
    /// The keys the dial sends once the callee answers: the <c>send_digits</c> of the flow's start step,
    /// or null. They travel with the dial because Telesign documents no event after a send_dtmf answer.
    /// </summary>
    public string? DigitsSentWithDial(string? flowId) =>
        Find(flowId) is { } flow && flow.Steps.TryGetValue(flow.Start, out var start) ? start.SendDigits : null;

    /// <summary>
    /// The variables the flow's texts, URLs and numbers use that neither <paramref name="variables"/>, the
    /// call itself (from, to, reference_id), a save_as nor a code step provides. Empty when the call can go.
    /// </summary>
    public IReadOnlyList<string> FindMissingVariables(string? flowId, IReadOnlyDictionary<string, string>? variables)
    {
        var flow = Find(flowId)
            ?? throw new ArgumentException($"There is no flow named '{flowId}'; check with Exists first.", nameof(flowId));
        var provided = new HashSet<string>(FlowTemplate.CallVariables, StringComparer.Ordinal);
        provided.UnionWith(variables?.Keys ?? []);
        foreach (var step in flow.Steps.Values)
        {
            provided.UnionWith(step.Sets);
            if (step.Ask?.SaveAs is { } saved)
            {
                provided.Add(saved);
            }
        }

        return [.. UsedVariables(flow).Where(v => !provided.Contains(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> UsedVariables(FlowDefinition flow)
    {
        foreach (var step in flow.Steps.Values)
        {
            var texts = new List<string?> { step.Say, step.Transfer?.To, step.Transfer?.CallerId };
            texts.AddRange(step.Play ?? []);
            foreach (var message in new[] { step.Ask?.NoInput, step.Ask?.InvalidInput })
            {
                texts.Add(message?.Say);
                texts.AddRange(message?.Play ?? []);
            }

            foreach (var variable in texts.SelectMany(FlowTemplate.VariablesIn))
            {
                yield return variable;
            }
        }
    }
}

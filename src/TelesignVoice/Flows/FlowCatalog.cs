using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TelesignVoice.Observability;

namespace TelesignVoice.Flows;

/// <summary>
/// The loaded, valid flows and which one a call runs. POST /calls asks it before dialling:
/// <see cref="Exists"/> and <see cref="FindMissingVariables"/>, so that a call is refused with a clear
/// problem rather than speaking "{name}" to someone. <see cref="Reload"/> swaps in a new set at once
/// when it is valid and keeps the last good one otherwise; every version loaded stays findable by
/// <see cref="FindVersion"/>, so a call finishes on the version it started on.
/// </summary>
public sealed partial class FlowCatalog
{
    private readonly FlowLoader _loader;
    private readonly FlowOptions _options;
    private readonly TelesignVoiceMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<FlowCatalog> _logger;
    private readonly Lock _reloadGate = new();
    private readonly ConcurrentDictionary<(string Id, string Version), FlowDefinition> _versions = new();
    private volatile FlowSet _current;
    private volatile FlowReloadResult? _lastFailure;

    public FlowCatalog(FlowLoader loader, IOptions<FlowOptions> options, TelesignVoiceMetrics metrics, TimeProvider time, ILogger<FlowCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        _loader = loader;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        var result = loader.Load(_options);
        if (result.Errors.Count > 0)
        {
            throw new FlowValidationException(result.Errors);
        }

        _current = Remember(result, time.GetUtcNow());
    }

    public string DefaultFlowId => _options.DefaultFlow;

    public IReadOnlyCollection<string> FlowIds => [.. _current.Flows.Keys];

    /// <summary>The set new calls start on.</summary>
    public FlowSet Current => _current;

    /// <summary>The last reload, when it failed and nothing valid was loaded since (null otherwise).</summary>
    public FlowReloadResult? LastFailedReload => _lastFailure;

    /// <summary>True when the flow exists; null means the default flow, which always does.</summary>
    public bool Exists(string? flowId) => flowId is null || _current.Flows.ContainsKey(flowId);

    /// <summary>The flow to run, the default one when <paramref name="flowId"/> is null; null when there is no such flow.</summary>
    public FlowDefinition? Find(string? flowId) => _current.Flows.GetValueOrDefault(flowId ?? _options.DefaultFlow);

    /// <summary>
    /// The given version of a flow, if this process loaded it (the current set or an earlier one); the
    /// current version when <paramref name="version"/> is null (a call from before versions were kept).
    /// </summary>
    public FlowDefinition? FindVersion(string? flowId, string? version)
    {
        var current = Find(flowId);
        if (version is null || current?.Version == version)
        {
            return current;
        }

        return _versions.GetValueOrDefault((flowId ?? _options.DefaultFlow, version));
    }

    /// <summary>Keeps a version read back from the store, so later events of its calls find it at once.</summary>
    public void Remember(FlowDefinition flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _versions.TryAdd((flow.Id, flow.Version), flow);
    }

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
            texts.AddRange(step.SayIn?.Values ?? []);
            foreach (var message in new[] { step.Ask?.NoInput, step.Ask?.InvalidInput })
            {
                texts.Add(message?.Say);
                texts.AddRange(message?.Play ?? []);
                texts.AddRange(message?.SayIn?.Values ?? []);
            }

            foreach (var variable in texts.SelectMany(FlowTemplate.VariablesIn))
            {
                yield return variable;
            }
        }
    }

    /// <summary>
    /// Reads and checks the flows again, as at startup. When they are valid they replace the current set
    /// at once (calls already running keep their version); when not, the current set keeps serving and
    /// every mistake is logged, one per line, and kept for readiness.
    /// </summary>
    public FlowReloadResult Reload(string trigger)
    {
        lock (_reloadGate)
        {
            var now = _time.GetUtcNow();
            var result = _loader.LoadAgain(_options);
            var previous = _current;
            if (result.Errors.Count > 0)
            {
                foreach (var error in result.Errors)
                {
                    Log.ReloadError(_logger, error.ToString());
                }

                Log.ReloadRefused(_logger, trigger, result.Errors.Count);
                _metrics.FlowsReloaded("failed");
                var failed = new FlowReloadResult(false, now, result.Errors, result.Warnings, [], previous.Flows.Values.ToList());
                _lastFailure = failed;
                return failed;
            }

            var changed = result.Flows.Values.Where(f => previous.Flows.GetValueOrDefault(f.Id)?.Version != f.Version)
                .Select(f => f.Id)
                .Concat(previous.Flows.Keys.Where(id => !result.Flows.ContainsKey(id)))
                .Order(StringComparer.Ordinal)
                .ToList();
            _current = Remember(result, now);
            _lastFailure = null;
            _metrics.FlowsReloaded("succeeded");
            Log.Reloaded(_logger, trigger, changed.Count == 0 ? "none" : string.Join(", ", changed));
            return new FlowReloadResult(true, now, [], result.Warnings, changed, _current.Flows.Values.ToList());
        }
    }

    private FlowSet Remember(FlowLoadResult result, DateTimeOffset loadedAt)
    {
        foreach (var flow in result.Flows.Values)
        {
            _versions.TryAdd((flow.Id, flow.Version), flow);
        }

        return new FlowSet(result.Flows, result.Warnings, loadedAt);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1901, Level = LogLevel.Error, Message = "Call flow reload: {Problem}")]
        public static partial void ReloadError(ILogger logger, string problem);

        [LoggerMessage(EventId = 1902, Level = LogLevel.Error, Message = "Call flows not reloaded ({Trigger}): {Count} problems; the last good flows keep serving")]
        public static partial void ReloadRefused(ILogger logger, string trigger, int count);

        [LoggerMessage(EventId = 1903, Level = LogLevel.Information, Message = "Call flows reloaded ({Trigger}); changed: {Changed}")]
        public static partial void Reloaded(ILogger logger, string trigger, string changed);
    }
}

/// <summary>One loaded, valid set of flows, and the warnings it was loaded with.</summary>
public sealed record FlowSet(IReadOnlyDictionary<string, FlowDefinition> Flows, IReadOnlyList<FlowProblem> Warnings, DateTimeOffset LoadedAt)
{
    public IReadOnlyList<FlowProblem> WarningsOf(FlowDefinition flow) => [.. Warnings.Where(w => w.Source == flow.Source)];
}

/// <param name="Flows">The flows serving after the reload: the new set, or the old one when it failed.</param>
public sealed record FlowReloadResult(
    bool Succeeded,
    DateTimeOffset At,
    IReadOnlyList<FlowProblem> Errors,
    IReadOnlyList<FlowProblem> Warnings,
    IReadOnlyList<string> Changed,
    IReadOnlyList<FlowDefinition> Flows);

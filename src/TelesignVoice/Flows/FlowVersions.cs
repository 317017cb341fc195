using System.Collections.Concurrent;
using System.Text.Json;
using TelesignVoice.Storage;

namespace TelesignVoice.Flows;

/// <summary>
/// Pins each call to the version of its flow it started on. A version is written to the store the first
/// time a call starts on it, so the call finishes on it after a reload, a restart, or on another instance
/// (the store keeps every version a call used; old versions are never dropped while the store keeps
/// the calls). Versions are read back from the store only when this process never loaded them.
/// </summary>
public sealed partial class FlowVersions(FlowCatalog catalog, IFlowVersionStore store, TimeProvider time, ILogger<FlowVersions> logger)
{
    private readonly ConcurrentDictionary<(string Id, string Version), bool> _stored = new();

    /// <summary>Makes sure the store keeps this version before a call starts on it.</summary>
    public async ValueTask PinAsync(FlowDefinition flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (_stored.ContainsKey((flow.Id, flow.Version)))
        {
            return;
        }

        await store.SaveFlowVersionAsync(flow.Id, flow.Version, FlowJson.Serialize(flow), time.GetUtcNow(), cancellationToken);
        _stored.TryAdd((flow.Id, flow.Version), true);
    }

    /// <summary>
    /// The flow a call runs: its pinned version, from memory or the store. A version that is nowhere to be
    /// found (kept by no store) gives the current version, with a warning.
    /// </summary>
    public async ValueTask<FlowDefinition?> FindAsync(string? flowId, string? version, CancellationToken cancellationToken)
    {
        if (catalog.FindVersion(flowId, version) is { } known)
        {
            return known;
        }

        if (flowId is null || version is null)
        {
            return null;
        }

        if (await store.FindFlowVersionAsync(flowId, version, cancellationToken) is { } json && Read(json) is { } stored)
        {
            catalog.Remember(stored);
            _stored.TryAdd((stored.Id, stored.Version), true);
            return stored;
        }

        Log.VersionLost(logger, flowId, version);
        return catalog.Find(flowId);
    }

    private FlowDefinition? Read(string json)
    {
        try
        {
            return FlowJson.Deserialize(json);
        }
        catch (JsonException exception)
        {
            Log.VersionUnreadable(logger, exception.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1921, Level = LogLevel.Warning, Message = "Flow {Flow} version {Version} is kept nowhere; the call continues on the current version")]
        public static partial void VersionLost(ILogger logger, string flow, string version);

        [LoggerMessage(EventId = 1922, Level = LogLevel.Warning, Message = "A stored flow version cannot be read ({Reason}); the call continues on the current version")]
        public static partial void VersionUnreadable(ILogger logger, string reason);
    }
}

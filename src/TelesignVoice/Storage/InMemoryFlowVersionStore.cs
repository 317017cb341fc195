using System.Collections.Concurrent;

namespace TelesignVoice.Storage;

/// <summary>Flow versions kept for the life of the process: with the in-memory store, or a store that keeps none.</summary>
public sealed class InMemoryFlowVersionStore : IFlowVersionStore
{
    private readonly ConcurrentDictionary<(string Flow, string Version), string> _versions = new();

    public Task SaveFlowVersionAsync(string flow, string version, string definitionJson, DateTimeOffset storedAt, CancellationToken cancellationToken)
    {
        _versions.TryAdd((flow, version), definitionJson);
        return Task.CompletedTask;
    }

    public Task<string?> FindFlowVersionAsync(string flow, string version, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.GetValueOrDefault((flow, version)));
}

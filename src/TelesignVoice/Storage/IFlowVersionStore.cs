namespace TelesignVoice.Storage;

/// <summary>
/// The definitions of the flow versions calls started on, so that a call finishes on its version after
/// the file changed and the server restarted (or the call moved to another instance).
/// </summary>
public interface IFlowVersionStore
{
    /// <summary>Keeps the definition of this version; a version already kept stays as it was.</summary>
    Task SaveFlowVersionAsync(string flow, string version, string definitionJson, DateTimeOffset storedAt, CancellationToken cancellationToken);

    /// <summary>The definition kept for this version, or null.</summary>
    Task<string?> FindFlowVersionAsync(string flow, string version, CancellationToken cancellationToken);
}

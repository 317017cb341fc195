namespace TelesignVoice.Storage.Postgres;

/// <summary>The flow versions calls run on (flow_versions), shared by every instance.</summary>
public sealed partial class PostgresCallStore : IFlowVersionStore
{
    public async Task SaveFlowVersionAsync(string flow, string version, string definitionJson, DateTimeOffset storedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO flow_versions (flow, version, definition, stored_at) VALUES (@flow, @version, @definition, @stored_at)
            ON CONFLICT (flow, version) DO NOTHING
            """);
        command.Parameters.Add(PostgresRows.Text("flow", flow));
        command.Parameters.Add(PostgresRows.Text("version", version));
        command.Parameters.Add(PostgresRows.Text("definition", definitionJson));
        command.Parameters.Add(PostgresRows.Time("stored_at", storedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> FindFlowVersionAsync(string flow, string version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT definition FROM flow_versions WHERE flow = @flow AND version = @version");
        command.Parameters.Add(PostgresRows.Text("flow", flow));
        command.Parameters.Add(PostgresRows.Text("version", version));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}

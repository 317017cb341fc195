namespace TelesignVoice.Storage.Sqlite;

/// <summary>The flow versions calls run on (flow_versions).</summary>
public sealed partial class SqliteCallStore : IFlowVersionStore
{
    public Task SaveFlowVersionAsync(string flow, string version, string definitionJson, DateTimeOffset storedAt, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session =>
            {
                var command = session.Command("""
                    INSERT INTO flow_versions (flow, version, definition, stored_at) VALUES ($flow, $version, $definition, $stored_at)
                    ON CONFLICT (flow, version) DO NOTHING
                    """);
                command.Parameters.AddWithValue("$flow", flow);
                command.Parameters.AddWithValue("$version", version);
                command.Parameters.AddWithValue("$definition", definitionJson);
                command.Parameters.AddWithValue("$stored_at", SqliteDatabase.FormatTime(storedAt));
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<string?> FindFlowVersionAsync(string flow, string version, CancellationToken cancellationToken) =>
        database.ReadAsync(
            session =>
            {
                var command = session.Command("SELECT definition FROM flow_versions WHERE flow = $flow AND version = $version");
                command.Parameters.AddWithValue("$flow", flow);
                command.Parameters.AddWithValue("$version", version);
                return command.ExecuteScalar() as string;
            },
            cancellationToken);
}

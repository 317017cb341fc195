using Microsoft.Data.Sqlite;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>
/// An open connection that keeps its commands. Microsoft.Data.Sqlite compiles a command's SQL on its
/// first execution and keeps the compiled statements for as long as the command and its connection live,
/// so a webhook's few statements, run again and again on a session, are parsed and planned once.
/// Not thread-safe: only <see cref="SqliteWorkQueue"/>'s loop uses it.
/// </summary>
public sealed class SqliteSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>The command for <paramref name="sql"/>, compiled on first use; its parameters are cleared for the caller.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>Runs a statement that returns nothing; the number of rows it changed.</summary>
    public int Execute(string sql) => Command(sql).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        connection.Dispose();
    }
}

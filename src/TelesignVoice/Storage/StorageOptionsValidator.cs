using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TelesignVoice.Storage;

/// <summary>Refuses to start with a store that cannot work, naming the key to set.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const string PostgresExample = "e.g. Host=db.internal;Database=telesignvoice;Username=telesignvoice;Password=…";

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add("Set Storage:Provider to Sqlite, Postgres or InMemory.");
        }

        if (options.RetentionDays < 0)
        {
            failures.Add("Storage:RetentionDays must be 0 (keep calls forever) or a number of days.");
        }

        if (options.InMemoryMaxFinishedCalls < 0)
        {
            failures.Add("Storage:InMemoryMaxFinishedCalls must be 0 (keep every call) or the number of completed calls to keep.");
        }

        if (options.RetentionSweepInterval <= TimeSpan.Zero)
        {
            failures.Add("Storage:RetentionSweepInterval must be a positive time span, e.g. 01:00:00.");
        }

        var error = options.Provider switch
        {
            StorageProvider.Postgres => CheckPostgres(options.ConnectionString),
            StorageProvider.Sqlite => CheckSqlite(options.ConnectionString),
            _ => null,
        };
        if (error is not null)
        {
            failures.Add(error);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? CheckPostgres(string? connectionString)
    {
        const string Wanted = $"Set Storage:ConnectionString to a PostgreSQL connection string ({PostgresExample}) when Storage:Provider is Postgres";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{Wanted}.";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? $"{Wanted}: the one set has no Host." : null;
        }
        catch (ArgumentException exception)
        {
            return $"{Wanted}: the one set is not ({exception.Message}).";
        }
    }

    private static string? CheckSqlite(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.DataSource)
                ? $"Set Storage:ConnectionString to a SQLite connection string with a Data Source, e.g. {StorageOptions.DefaultSqliteConnectionString}."
                : null;
        }
        catch (ArgumentException exception)
        {
            return $"Set Storage:ConnectionString to a SQLite connection string, e.g. {StorageOptions.DefaultSqliteConnectionString}: the one set is not ({exception.Message}).";
        }
    }
}

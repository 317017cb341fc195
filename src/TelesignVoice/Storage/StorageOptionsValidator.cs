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
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"Set Storage:ConnectionString to the PostgreSQL connection string ({PostgresExample}) when Storage:Provider is Postgres.";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? $"Storage:ConnectionString has no Host: set it to a PostgreSQL connection string ({PostgresExample})."
                : null;
        }
        catch (ArgumentException exception)
        {
            return $"Storage:ConnectionString is not a PostgreSQL connection string ({exception.Message}): set it like {PostgresExample}.";
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
                ? $"Storage:ConnectionString has no Data Source: set it like {StorageOptions.DefaultSqliteConnectionString}."
                : null;
        }
        catch (ArgumentException exception)
        {
            return $"Storage:ConnectionString is not a SQLite connection string ({exception.Message}): set it like {StorageOptions.DefaultSqliteConnectionString}.";
        }
    }
}

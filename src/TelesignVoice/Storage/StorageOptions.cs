namespace TelesignVoice.Storage;

/// <summary>The <c>Storage</c> section: which store keeps calls, where, and for how long.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string DefaultSqliteConnectionString = "Data Source=data/telesignvoice.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>For SQLite a relative <c>Data Source</c> is resolved against the app's content root.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Calls created longer ago than this are purged with their events and dials; 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;

    /// <summary>Call records hold phone numbers and callers' entries: kept long enough for complaints and billing checks, no longer.</summary>
    public const int DefaultRetentionDays = 30;

    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>For <see cref="StorageProvider.InMemory"/>: completed calls kept before the oldest are forgotten; 0 keeps all.</summary>
    public int InMemoryMaxFinishedCalls { get; set; } = DefaultInMemoryMaxFinishedCalls;

    /// <summary>Enough for a day of rehearsals in the simulator, a few hundred MB at most (a call is about 10–30 KB with its events).</summary>
    public const int DefaultInMemoryMaxFinishedCalls = 10_000;
}

public enum StorageProvider
{
    /// <summary>An embedded database file: one instance, nothing to install.</summary>
    Sqlite,

    /// <summary>A shared PostgreSQL database: several instances behind a load balancer.</summary>
    Postgres,

    /// <summary>Lives and dies with the process: tests, simulator rehearsals, benchmarks.</summary>
    InMemory,
}

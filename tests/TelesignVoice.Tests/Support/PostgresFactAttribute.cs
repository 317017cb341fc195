namespace TelesignVoice.Tests.Support;

/// <summary>
/// A test that needs PostgreSQL: it runs when TELESIGNVOICE_TEST_POSTGRES holds a connection string
/// (.ci/run sets it) and is reported as not run, with the reason, everywhere else.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "TELESIGNVOICE_TEST_POSTGRES";

    public const string SkipReason = $"Set {Variable} to a PostgreSQL connection string to run this test";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = SkipReason;
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}

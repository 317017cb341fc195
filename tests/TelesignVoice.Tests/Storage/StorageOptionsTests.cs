using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

public sealed class StorageOptionsTests
{
    [Fact]
    public void Sqlite_is_the_default_provider_and_retention_is_off()
    {
        var options = new StorageOptions();

        Assert.Equal((StorageProvider.Sqlite, 30, TimeSpan.FromHours(1)), (options.Provider, options.RetentionDays, options.RetentionSweepInterval));
    }

    [Theory]
    [InlineData(null, "Set Storage:ConnectionString")]
    [InlineData("", "Set Storage:ConnectionString")]
    [InlineData("Data Source=data/telesignvoice.db", "Set Storage:ConnectionString to a PostgreSQL connection string")]
    [InlineData("Database=calls", "the one set has no Host")]
    public void Postgres_without_a_usable_connection_string_names_the_key(string? connectionString, string expected)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_retention_names_the_key()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { RetentionDays = -1, RetentionSweepInterval = TimeSpan.Zero });

        Assert.Contains("Storage:RetentionDays", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Storage:RetentionSweepInterval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_validation_refuses_postgres_without_a_connection_string()
    {
        using var services = StoreServices.Build("Postgres", "", AppContext.BaseDirectory);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Set Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}

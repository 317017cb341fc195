using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary><c>dotnet TelesignVoice.dll migrate</c>, run as an operator would before a roll-out.</summary>
public sealed class MigrateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_migrate_command_applies_the_schema_and_exits()
    {
        var connectionString = $"Data Source={_folder.File("migrated.db")}";

        var (exitCode, output) = await MigrateAsync("Sqlite", connectionString);

        Assert.True(exitCode == 0, output);
        Assert.Contains("0001_initial", output, StringComparison.Ordinal);
        await using var services = StoreServices.Build("Sqlite", connectionString, _folder.Path);
        Assert.Empty(await services.GetRequiredService<ISchemaMigrator>().MigrateAsync(default));
    }

    [Fact]
    public async Task The_migrate_command_refuses_postgres_without_a_connection_string_and_names_the_key()
    {
        var (exitCode, output) = await MigrateAsync("Postgres", "");

        Assert.Equal(1, exitCode);
        Assert.Contains("Set Storage:ConnectionString to a PostgreSQL connection string", output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> MigrateAsync(string provider, string connectionString) =>
        AppProcess.RunToExitAsync(
            new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["Storage__Provider"] = provider,
                ["Storage__ConnectionString"] = connectionString,
            },
            TimeSpan.FromSeconds(60),
            StorageMigrations.Argument);

    public void Dispose() => _folder.Dispose();
}

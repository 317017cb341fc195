namespace TelesignVoice.Storage;

/// <summary>
/// <c>dotnet run --project src/TelesignVoice -- migrate</c> (or <c>dotnet TelesignVoice.dll migrate</c>):
/// applies the schema migrations of the configured store and exits, for operators who migrate before a
/// roll-out. The server applies them at startup as well, so nobody has to. <c>migrate --contract</c> also
/// applies the contract scripts, which drop what the previous release still needs: only once every
/// instance runs this release.
/// </summary>
public static class StorageMigrations
{
    public const string Argument = "migrate";

    public const string ContractOption = "--contract";

    public static async Task<int> RunAsync(bool contract = false)
    {
        // The same configuration sources and content root as the server, but none of its other services.
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddCallStore(builder.Configuration);
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILogger<StorageMigrationService>>();
        try
        {
            await StorageMigrationService.MigrateAsync(app.Services, logger, CancellationToken.None);
            if (contract)
            {
                await StorageMigrationService.ContractAsync(app.Services, logger, CancellationToken.None);
            }

            return 0;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException exception)
        {
            logger.LogError("Migration refused: {Message}", exception.Message);
            return 1;
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            logger.LogError(exception, "Migration failed: {Message}", exception.Message);
            return 1;
        }
    }
}

/// <summary>Migrates the store while the host starts, before the server takes its first request.</summary>
public sealed partial class StorageMigrationService(IServiceProvider services, ILogger<StorageMigrationService> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => MigrateAsync(services, logger, cancellationToken);

    public static async Task MigrateAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var migrator = services.GetService<ISchemaMigrator>();
        if (migrator is null)
        {
            return;
        }

        var applied = await migrator.MigrateAsync(cancellationToken);
        var provider = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Provider;
        if (applied.Count == 0)
        {
            Log.SchemaCurrent(logger, provider);
        }
        else
        {
            Log.Migrated(logger, provider, string.Join(", ", applied.Select(script => script.Name)));
        }
    }

    public static async Task ContractAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var migrator = services.GetService<ISchemaMigrator>();
        if (migrator is null)
        {
            return;
        }

        var applied = await migrator.ContractAsync(cancellationToken);
        var provider = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Provider;
        Log.Contracted(logger, provider, applied.Count == 0 ? "none needed" : string.Join(", ", applied.Select(script => script.Name)));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "{Provider} store: schema migrations applied: {Scripts}")]
        public static partial void Migrated(ILogger logger, StorageProvider provider, string scripts);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "{Provider} store: schema is current")]
        public static partial void SchemaCurrent(ILogger logger, StorageProvider provider);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Provider} store: contract migrations applied: {Scripts}")]
        public static partial void Contracted(ILogger logger, StorageProvider provider, string scripts);
    }
}

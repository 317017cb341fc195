using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using TelesignVoice.Storage.Postgres;
using TelesignVoice.Storage.Sqlite;

namespace TelesignVoice.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddCallStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // The provider is read when the store is first resolved, so test hosts can set it late.
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton(CreatePostgresDataSource);
        services.AddSingleton<ICallStore>(provider => ProviderOf(provider) switch
        {
            StorageProvider.Sqlite => ActivatorUtilities.CreateInstance<SqliteCallStore>(provider),
            StorageProvider.Postgres => ActivatorUtilities.CreateInstance<PostgresCallStore>(provider),
            _ => new InMemoryCallStore(provider.GetRequiredService<IOptions<StorageOptions>>().Value.InMemoryMaxFinishedCalls),
        });
        services.AddSingleton<IFlowVersionStore>(provider =>
            provider.GetRequiredService<ICallStore>() as IFlowVersionStore ?? new InMemoryFlowVersionStore());
        services.AddSingleton<ISchemaMigrator>(provider => ProviderOf(provider) switch
        {
            StorageProvider.Sqlite => ActivatorUtilities.CreateInstance<SqliteSchemaMigrator>(provider),
            StorageProvider.Postgres => ActivatorUtilities.CreateInstance<PostgresSchemaMigrator>(provider),
            _ => NoSchema.Instance,
        });

        services.AddHostedService<StorageMigrationService>();
        services.AddHostedService<RetentionService>();
        return services;
    }

    private static StorageProvider ProviderOf(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;

    private static NpgsqlDataSource CreatePostgresDataSource(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        // The webhook's few statements run again and again: prepared once per connection, they skip parsing.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        // No statement here leaves session state behind (settings are SET LOCAL, advisory locks are
        // pg_advisory_xact_lock), so the reset Npgsql runs when a connection returns to the pool is six
        // statements per store call for nothing: measured, three resets per webhook event.
        if (!builder.ConnectionStringBuilder.ContainsKey("No Reset On Close"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        if (provider.GetService<ILoggerFactory>() is { } loggers)
        {
            builder.UseLoggerFactory(new NpgsqlLogLevels(loggers));
        }
        return builder.Build();
    }

    private sealed class NoSchema : ISchemaMigrator
    {
        public static NoSchema Instance { get; } = new();

        public Task<IReadOnlyList<MigrationScript>> MigrateAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MigrationScript>>([]);

        public Task<IReadOnlyList<MigrationScript>> ContractAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MigrationScript>>([]);
    }
}

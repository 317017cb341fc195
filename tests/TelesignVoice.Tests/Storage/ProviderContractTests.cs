using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

public sealed class InMemoryCallStoreContractTests : CallStoreContractTests
{
    protected override Task<ICallStore> CreateStoreAsync() => Task.FromResult<ICallStore>(new InMemoryCallStore());
}

/// <summary>A real database file in a temp folder, migrated like the app does at startup.</summary>
public sealed class SqliteCallStoreContractTests : CallStoreContractTests
{
    private readonly TempFolder _folder = new();
    private ServiceProvider? _services;

    protected override Task<ICallStore> CreateStoreAsync()
    {
        _services = StoreServices.Build("Sqlite", $"Data Source={_folder.File("calls.db")}", _folder.Path);
        return _services.MigratedStoreAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _folder.Dispose();
    }
}

/// <summary>A database of this class's own on the PostgreSQL of TELESIGNVOICE_TEST_POSTGRES, emptied before each test.</summary>
[UsesPostgres]
public sealed class PostgresCallStoreContractTests(PostgresTestDatabase database)
    : CallStoreContractTests, IClassFixture<PostgresTestDatabase>
{
    private ServiceProvider? _services;

    protected override async Task<ICallStore> CreateStoreAsync()
    {
        _services = StoreServices.Build("Postgres", database.ConnectionString, AppContext.BaseDirectory);
        var store = await _services.MigratedStoreAsync();
        await database.TruncateAsync();
        return store;
    }

    public override async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}

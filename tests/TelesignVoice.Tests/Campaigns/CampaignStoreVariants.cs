using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

public sealed class InMemoryCampaignBehaviourTests : CampaignBehaviourTests
{
    protected override Task<CampaignHost> CreateHostAsync(params (string Key, string Value)[] settings) =>
        Task.FromResult(new CampaignHost("InMemory", null, settings));
}

public sealed class SqliteCampaignBehaviourTests : CampaignBehaviourTests
{
    private readonly TempFolder _folder = new();

    protected override Task<CampaignHost> CreateHostAsync(params (string Key, string Value)[] settings) =>
        Task.FromResult(new CampaignHost("Sqlite", $"Data Source={_folder.File("campaigns.db")}", settings));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

[UsesPostgres]
public sealed class PostgresCampaignBehaviourTests : CampaignBehaviourTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<CampaignHost> CreateHostAsync(params (string Key, string Value)[] settings)
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return new CampaignHost("Postgres", _database.ConnectionString, settings);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

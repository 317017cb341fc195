using System.Text.Json;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

public sealed class StoreReadinessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_fresh_sqlite_store_is_created_at_start_and_reported_ready()
    {
        var file = _folder.File(Path.Combine("fresh", "calls.db"));
        await using var factory = new TelesignVoiceFactory().WithSettings(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={file}",
        });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(File.Exists(file));
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
    }

    public void Dispose() => _folder.Dispose();
}

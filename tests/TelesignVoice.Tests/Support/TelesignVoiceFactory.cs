using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// The app in memory, configured as a production install with the test account of
/// signature-vectors.md. Tests add or override settings with <see cref="WithSettings"/>.
/// </summary>
public class TelesignVoiceFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Telesign:CustomerId"] = TestAccount.CustomerId,
        ["Telesign:ApiKey"] = TestAccount.ApiKey,
        ["Telesign:CallerIdNumber"] = "15554441313",
        ["Storage:Provider"] = "InMemory",
    };

    public TelesignVoiceFactory WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

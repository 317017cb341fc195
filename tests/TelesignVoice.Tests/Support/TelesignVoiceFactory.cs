using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

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
        ["Operators:ApiKeys:0"] = TestAccount.OperatorKey,
    };

    private readonly List<Action<IServiceCollection>> _serviceOverrides = [];

    /// <summary>Replaces services at a boundary (a fake Telesign, a log sink) after the app registered its own.</summary>
    public TelesignVoiceFactory WithServices(Action<IServiceCollection> configure)
    {
        _serviceOverrides.Add(configure);
        return this;
    }

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

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _serviceOverrides)
            {
                configure(services);
            }
        });
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelesignVoice.Simulator;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>Simulator:Numbers is checked at start: a bad script stops the server naming its key.</summary>
public sealed class NumberScriptOptionsTests
{
    [Fact]
    public void A_bad_number_script_in_configuration_stops_the_start_naming_its_key()
    {
        var error = StartupError(
            ("Simulator:Numbers:15550100009:0:DialResponse", "sometimes"),
            ("Simulator:Numbers:15550100009:1:Presses:0", "9x"));

        Assert.Contains("Simulator:Numbers:15550100009:0.dial_response must be one of: dial_accepted, to_number_blocked_by_customer, rate_limit_exceeded.", error, StringComparison.Ordinal);
        Assert.Contains("Simulator:Numbers:15550100009:1.presses holds \"9x\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_that_is_not_a_phone_number_stops_the_start_naming_its_key()
    {
        var error = StartupError(("Simulator:Numbers:call-me:0:DialStatus", "busy"));

        Assert.Contains("Simulator:Numbers:call-me must be a phone number of 8 to 15 digits", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_number_scripts_are_read_in_order()
    {
        using var provider = Services(("Simulator:Numbers:15550100009:0:DialStatus", "busy"), ("Simulator:Numbers:15550100009:1:Presses:0", "1"));
        provider.GetRequiredService<IStartupValidator>().Validate();

        var view = provider.GetRequiredService<NumberScripts>().Find("15550100009")!;
        Assert.Equal(("busy", (string?)null, "1"), (view.Attempts[0].DialStatus, view.Attempts[1].DialStatus, Assert.Single(view.Attempts[1].Presses)));
    }

    private static string StartupError(params (string Key, string Value)[] settings)
    {
        using var provider = Services(settings);
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings
                .Append(("Simulator:Enabled", "true"))
                .Append(("Telesign:CustomerId", TestAccount.CustomerId))
                .Append(("Telesign:ApiKey", TestAccount.ApiKey))
                .Select(setting => new KeyValuePair<string, string?>(setting.Item1, setting.Item2)))
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System);
        services.AddOptions<TelesignVoice.Telesign.TelesignOptions>().BindConfiguration("Telesign");
        services.AddTelesignSimulator();
        return services.BuildServiceProvider();
    }
}

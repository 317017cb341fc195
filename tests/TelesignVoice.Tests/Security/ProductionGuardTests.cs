using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Security;

/// <summary>The published server, started as Production with one development-only setting each time.</summary>
public class ProductionGuardTests
{
    private static Dictionary<string, string?> Production(params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Telesign__CustomerId"] = TestAccount.CustomerId,
            ["Telesign__ApiKey"] = TestAccount.ApiKey,
            ["Storage__Provider"] = "InMemory",
            ["Operators__ApiKeys__0"] = TestAccount.OperatorKey,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return environment;
    }

    [Theory]
    [InlineData("Simulator__Enabled", "true", "Simulator:Enabled is true")]
    [InlineData("Telesign__Webhook__RequireSignature", "false", "Telesign:Webhook:RequireSignature is false")]
    [InlineData("Operators__ApiKeys__0", "dev-operator-key", "the operator key api-key-0 is the development key 'dev-operator-key'")]
    [InlineData("Operators__Keys__ci__Secret", "dev-operator-key", "the operator key ci is the development key")]
    public async Task Production_refuses_to_start_with_a_development_setting(string key, string value, string message)
    {
        var settings = Production((key, value), ("Operators__Keys__ci__Role", "admin"));
        if (!key.StartsWith("Operators__Keys__", StringComparison.Ordinal))
        {
            settings.Remove("Operators__Keys__ci__Role");
        }

        var (exitCode, output) = await AppProcess.RunToExitAsync(settings, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Refusing to start in the Production environment", output, StringComparison.Ordinal);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Contains("Security:AllowUnsafeSettings=true", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_acknowledgement_it_starts_and_warns_about_each_setting()
    {
        await using var app = AppProcess.StartServer(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "InMemory",
            ["Simulator__Enabled"] = "true",
            ["Operators__ApiKeys__0"] = "dev-operator-key",
            ["Security__AllowUnsafeSettings"] = "true",
        });

        await app.WaitUntilReadyAsync();

        Assert.Contains("UNSAFE SETTING", app.Output, StringComparison.Ordinal);
        Assert.Contains("Simulator:Enabled is true", app.Output, StringComparison.Ordinal);
        Assert.Contains("development key 'dev-operator-key'", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_signatures_without_a_customer_id_stop_the_start_naming_the_key()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync(Production(("Telesign__CustomerId", "")), TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Telesign:CustomerId is not set, but Telesign:Webhook:RequireSignature is true", output, StringComparison.Ordinal);
        Assert.Contains("Telesign__CustomerId", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_previous_api_key_is_ignored_as_the_verifier_ignores_it()
    {
        var options = new TelesignOptions { CustomerId = TestAccount.CustomerId, ApiKey = TestAccount.ApiKey };
        options.PreviousApiKeys.Add(string.Empty);

        var result = new TelesignOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}

using System.Net;
using Microsoft.Extensions.Options;
using TelesignVoice.Simulator;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

public class SimulatorSwitchTests
{
    [Fact]
    public async Task Simulator_is_off_unless_configured_and_its_control_api_is_not_mapped()
    {
        using var factory = new TelesignVoiceFactory();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestAccount.OperatorKey);

        using var response = await client.GetAsync("/simulator/faults");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Simulator_without_a_Telesign_account_fails_validation_naming_the_keys()
    {
        var validator = new SimulatorOptionsValidator(Options.Create(new TelesignOptions { CustomerId = TestAccount.CustomerId }));

        var enabled = validator.Validate(null, new SimulatorOptions { Enabled = true });
        var disabled = validator.Validate(null, new SimulatorOptions { Enabled = false });

        Assert.True(enabled.Failed);
        Assert.Contains("Simulator:Enabled is true but Telesign:CustomerId or Telesign:ApiKey is not set", enabled.FailureMessage, StringComparison.Ordinal);
        Assert.True(disabled.Succeeded);
    }
}

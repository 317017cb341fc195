using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Telesign;

public class TelesignOptionsValidatorTests
{
    private static TelesignOptions Valid() => new() { CustomerId = TestAccount.CustomerId, ApiKey = TestAccount.ApiKey };

    [Fact]
    public void Valid_options_pass()
    {
        Assert.True(new TelesignOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(2 * 1024 * 1024)]
    public void A_webhook_body_limit_out_of_range_names_the_key(int maxBodyBytes)
    {
        var options = Valid();
        options.Webhook.MaxBodyBytes = maxBodyBytes;

        var result = new TelesignOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Telesign:Webhook:MaxBodyBytes must be between 1024 and 1048576.", result.Failures!);
    }

    [Fact]
    public void An_api_key_that_is_not_base64_names_the_key()
    {
        var options = Valid();
        options.ApiKey = "not base64!";

        var result = new TelesignOptionsValidator().Validate(null, options);

        Assert.Contains("Telesign:ApiKey is not valid Base64: paste the API key exactly as Telesign's portal shows it.", result.Failures!);
    }
}

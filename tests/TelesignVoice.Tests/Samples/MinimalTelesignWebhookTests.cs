extern alias sample;

using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TelesignVoice.Tests.Support;
using sample::MinimalTelesignWebhook;

namespace TelesignVoice.Tests.Samples;

/// <summary>The sample app of samples/MinimalTelesignWebhook, in memory, with the test account's key.</summary>
public sealed class MinimalSampleFactory : WebApplicationFactory<SampleEntryPoint>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Telesign:CustomerId", TestAccount.CustomerId);
        builder.UseSetting("Telesign:ApiKey", TestAccount.ApiKey);
    }
}

public sealed class MinimalTelesignWebhookTests(MinimalSampleFactory sample) : IClassFixture<MinimalSampleFactory>
{
    private const string IncomingCall =
        """{"event":"incoming_call","reference_id":"534e1848-235f-482d-983d-e3e11a04f58a","data":{"to":"15558675309","from":"15555551212"}}""";

    [Fact]
    public async Task Signed_incoming_call_gets_the_menu_as_a_speak_action()
    {
        using var response = await sample.CreateClient().SendAsync(TelesignSigner.SignedEvent(IncomingCall));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonAssert.Equivalent(
            """{"jsonrpc":"2.0","method":"speak","params":{"tts":{"message":"Press 1 to end the call.","language":"en-US"},"collect_digits":{"max":1,"timeout":5000}}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_speak_completed_with_1_gets_the_goodbye_and_silence_gets_hangup()
    {
        var client = sample.CreateClient();
        const string pressed = """{"event":"speak_completed","reference_id":"r1","data":{"status":"speak_successful","collected_digits":"1"}}""";
        const string silent = """{"event":"speak_completed","reference_id":"r1","data":{"status":"speak_successful","collected_digits":""}}""";

        using var afterPress = await client.SendAsync(TelesignSigner.SignedEvent(pressed));
        using var afterSilence = await client.SendAsync(TelesignSigner.SignedEvent(silent));

        JsonAssert.Equivalent(
            """{"jsonrpc":"2.0","method":"speak","params":{"tts":{"message":"You pressed 1. Goodbye.","language":"en-US"}}}""",
            await afterPress.Content.ReadAsStringAsync());
        JsonAssert.Equivalent("""{"jsonrpc":"2.0","method":"hangup","params":{}}""", await afterSilence.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unsigned_event_is_rejected_with_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telesign")
        {
            Content = new StringContent(IncomingCall, Encoding.UTF8, "application/json"),
        };

        using var response = await sample.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Event_signed_with_another_key_is_rejected_with_401()
    {
        var otherKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("not the account's key, 32 bytes!"));

        using var response = await sample.CreateClient().SendAsync(TelesignSigner.SignedEvent(IncomingCall, apiKey: otherKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signed_body_that_is_not_an_event_gets_400()
    {
        using var response = await sample.CreateClient().SendAsync(TelesignSigner.SignedEvent("""{"hello":"world"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

using System.Text;
using TelesignVoice.Notifications;

namespace TelesignVoice.Tests.Notifications;

/// <summary>
/// The Standard Webhooks specification's own example, as its reference libraries test it
/// (standard-webhooks/standard-webhooks, libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs at commit
/// 1e88c9ce08bb2c605fea9a2a540b4a91d31c7a62: verifyWebhookSignWorks, TestMultiSigPayloadIsValid,
/// TestInvalidSignatureThrowsException, TestSivnatureVerificationWorksWithoutPrefix).
/// </summary>
public class WebhookSignerTests
{
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = "{\"test\": 2432232314}";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SpecNow = DateTimeOffset.FromUnixTimeSeconds(SpecTimestamp);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(SpecBody);

    [Fact]
    public void Signing_the_specification_example_gives_its_signature() =>
        Assert.Equal(SpecSignature, WebhookSigner.Sign(SpecId, SpecTimestamp, SpecBody, SpecSecret));

    [Fact]
    public void The_whsec_prefix_is_optional_as_in_the_reference_libraries() =>
        Assert.Equal(SpecSignature, WebhookSigner.Sign(SpecId, SpecTimestamp, SpecBody, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    [Fact]
    public void During_a_rotation_every_secret_signs_and_either_verifies()
    {
        var other = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("the next secret, 32 bytes long.."));
        var header = WebhookSigner.Sign(SpecId, SpecTimestamp, Body, [WebhookSigner.KeyOf(SpecSecret)!, WebhookSigner.KeyOf(other)!]);

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(SpecSignature, parts[0]);
        Assert.True(WebhookSigner.Verify(SpecId, "1614265330", header, Body, [WebhookSigner.KeyOf(other)!], SpecNow, WebhookSigner.DefaultTolerance));
    }

    [Fact]
    public void A_header_with_several_signatures_verifies_when_one_of_them_matches()
    {
        string[] signatures = ["v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", SpecSignature, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="];

        Assert.True(WebhookSigner.Verify(SpecId, "1614265330", string.Join(' ', signatures), Body, [WebhookSigner.KeyOf(SpecSecret)!], SpecNow, WebhookSigner.DefaultTolerance));
    }

    [Theory]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd", 0)]
    [InlineData(SpecSignature, 301)]
    [InlineData(SpecSignature, -301)]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", 0)]
    public void A_wrong_signature_or_a_timestamp_more_than_five_minutes_away_is_refused(string header, int secondsLater) =>
        Assert.False(WebhookSigner.Verify(SpecId, "1614265330", header, Body, [WebhookSigner.KeyOf(SpecSecret)!], SpecNow.AddSeconds(secondsLater), WebhookSigner.DefaultTolerance));

    [Fact]
    public void A_changed_body_is_refused() =>
        Assert.False(WebhookSigner.Verify(SpecId, "1614265330", SpecSignature, Encoding.UTF8.GetBytes("{\"test\": 2432232315}"), [WebhookSigner.KeyOf(SpecSecret)!], SpecNow, WebhookSigner.DefaultTolerance));

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("")]
    [InlineData("whsec_")]
    public void A_secret_that_is_not_base64_has_no_key(string secret) => Assert.Null(WebhookSigner.KeyOf(secret));
}

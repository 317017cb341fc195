using TelesignVoice.Telesign.Client;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Telesign;

public class TelesignAuthenticationTests
{
    private const string VectorDate = "Wed, 14 Dec 2016 18:20:12 GMT";
    private const string VectorNonce = "A1592C6F-E384-4CDB-BC42-C3AB970369E9";

    [Fact]
    public void Basic_header_reproduces_the_official_sdk_vector()
    {
        var header = TelesignAuthentication.BasicHeader(
            TestAccount.CustomerId,
            "EXAMPLE----TE8sTgg45yusumoN6BYsBVkh+yRJ5czgsnCehZaOYldPJdmFh6NeX8kunZ2zU1YWaUw/0wV6xfw==");

        Assert.Equal(
            "Basic RkZGRkZGRkYtRUVFRS1ERERELTEyMzQtQUIxMjM0NTY3ODkwOkVYQU1QTEUtLS0tVEU4c1RnZzQ1eXVzdW1vTjZCWXNCVmtoK3lSSjVjemdzbkNlaFphT1lsZFBKZG1GaDZOZVg4a3VuWjJ6VTFZV2FVdy8wd1Y2eGZ3PT0=",
            header);
    }

    [Fact]
    public void Digest_of_a_form_post_reproduces_the_official_vector()
    {
        var stringToSign = TelesignAuthentication.DigestStringToSign(
            "POST", "application/x-www-form-urlencoded", VectorDate, VectorNonce, "test=param", "/v1/resource");

        Assert.Equal(
            "POST\napplication/x-www-form-urlencoded\nWed, 14 Dec 2016 18:20:12 GMT\nx-ts-auth-method:HMAC-SHA256\nx-ts-nonce:A1592C6F-E384-4CDB-BC42-C3AB970369E9\ntest=param\n/v1/resource",
            stringToSign);
        Assert.Equal("2xVlmbrxLjYrrPun3G3WMNG6Jon4yKcTeOoK9DjXJ/Q=", TelesignAuthentication.DigestSignature(TestAccount.ApiKey, stringToSign));
    }

    [Fact]
    public void Digest_of_a_get_without_body_reproduces_the_official_vector()
    {
        var stringToSign = TelesignAuthentication.DigestStringToSign("GET", string.Empty, VectorDate, VectorNonce, body: null, "/v1/resource");

        Assert.Equal(
            "GET\n\nWed, 14 Dec 2016 18:20:12 GMT\nx-ts-auth-method:HMAC-SHA256\nx-ts-nonce:A1592C6F-E384-4CDB-BC42-C3AB970369E9\n/v1/resource",
            stringToSign);
        Assert.Equal("aUm7I+9GKl3ww7PNeeJntCT0iS7b+EmRKEE4LnRzChQ=", TelesignAuthentication.DigestSignature(TestAccount.ApiKey, stringToSign));
    }

    [Fact]
    public void Digest_of_a_json_dial_reproduces_the_v2_voice_illustration()
    {
        var stringToSign = TelesignAuthentication.DigestStringToSign(
            "POST",
            "application/json",
            VectorDate,
            VectorNonce,
            """{"method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313"}}""",
            "/v2/voice");

        Assert.Equal("RghFBWPXGv6GAR/b0i0+CzOJN9lhjMmQN9saPdYoTJ8=", TelesignAuthentication.DigestSignature(TestAccount.ApiKey, stringToSign));
        Assert.Equal(
            "TSA FFFFFFFF-EEEE-DDDD-1234-AB1234567890:RghFBWPXGv6GAR/b0i0+CzOJN9lhjMmQN9saPdYoTJ8=",
            TelesignAuthentication.DigestHeader(TestAccount.CustomerId, "RghFBWPXGv6GAR/b0i0+CzOJN9lhjMmQN9saPdYoTJ8="));
    }
}

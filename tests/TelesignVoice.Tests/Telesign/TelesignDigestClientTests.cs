using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Telesign;
using TelesignVoice.Telesign.Client;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Telesign;

public sealed class DigestFactory : TelesignVoiceFactory
{
    public DigestFactory() =>
        WithSettings(new Dictionary<string, string?> { ["Telesign:AuthMethod"] = "Digest" });
}

public class TelesignDigestClientTests(DigestFactory factory) : IClassFixture<DigestFactory>
{
    [Fact]
    public async Task Digest_signs_the_exact_bytes_sent_with_date_and_fresh_nonce()
    {
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        var client = host.Services.GetRequiredService<TelesignClient>();
        var dial = TelesignAction.Dial("15555551212", "15554441313");

        await client.DialAsync(dial, CancellationToken.None);
        await client.DialAsync(dial, CancellationToken.None);

        var first = telesign.Requests[0];
        var second = telesign.Requests[1];
        Assert.Equal("HMAC-SHA256", first.Header("x-ts-auth-method"));
        Assert.True(Guid.TryParse(first.Header("x-ts-nonce"), out _));
        Assert.NotEqual(first.Header("x-ts-nonce"), second.Header("x-ts-nonce"));
        Assert.True(DateTimeOffset.TryParseExact(first.Header("Date"), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));

        // Recomputed here from what went on the wire, independently of the code under test.
        var stringToSign = string.Join(
            "\n",
            "POST",
            "application/json",
            first.Header("Date"),
            "x-ts-auth-method:HMAC-SHA256",
            "x-ts-nonce:" + first.Header("x-ts-nonce"),
            first.Body,
            "/v2/voice");
        var signature = Convert.ToBase64String(
            HMACSHA256.HashData(Convert.FromBase64String(TestAccount.ApiKey), Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal($"TSA {TestAccount.CustomerId}:{signature}", first.Header("Authorization"));
        Assert.Equal("""{"jsonrpc":"2.0","method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313"}}""", first.Body);
    }
}

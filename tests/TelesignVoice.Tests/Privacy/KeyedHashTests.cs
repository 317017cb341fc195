using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Calls;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Flows;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Privacy;

/// <summary>
/// The hashes the store keeps of what may hold a secret (an event body stored with its PIN taken out, a
/// POST /calls body) are HMAC-SHA256 with the server's secret, so a PIN cannot be found by hashing the
/// candidates; a body stored whole keeps the plain SHA-256 the previous release's instances look for, and
/// their rows still match.
/// </summary>
public sealed class KeyedHashTests : IDisposable
{
    private static readonly byte[] HashKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Database => _folder.File("calls.db");

    private TelesignVoiceFactory Server(string? hashKey = null) =>
        new TelesignVoiceFactory().WithSettings(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={Database};Pooling=false",
            ["DataProtection:KeysPath"] = _folder.File("keys"),
            ["DataProtection:HashKey"] = hashKey,
        });

    private static string Hmac(string body) => Convert.ToHexStringLower(HMACSHA256.HashData(HashKey, Encoding.UTF8.GetBytes(body)));

    private static string Sha256(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private async Task<int> ExecuteAsync(string sql, params (string Name, string Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> PostEventAsync(WebApplicationFactory<Program> app, string body)
    {
        using var client = app.CreateClient();
        return await client.PostSignedEventAsync(body);
    }

    [Fact]
    public async Task A_body_stored_with_its_pin_taken_out_is_kept_under_its_keyed_hash_and_a_body_stored_whole_under_plain_sha256()
    {
        await using var factory = new FlowsFactory();
        factory.WithSettings(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={Database};Pooling=false",
            ["DataProtection:KeysPath"] = _folder.File("keys"),
            ["DataProtection:HashKey"] = Convert.ToBase64String(HashKey),
        });
        var walk = CallWalk.Start(factory, "REF-KEYED-PIN");
        await walk.IncomingCallAsync(FlowsFactory.PinNumber);
        await walk.SpeakCompletedAsync("739146#");

        // The bytes CallWalk signs and sends (its sequence numbers count from 1).
        var incoming = $$$"""{"event":"incoming_call","reference_id":"REF-KEYED-PIN","sequence":1,"data":{"to":"{{{FlowsFactory.PinNumber}}}","from":"15557770000"}}""";
        var withPin = """{"event":"speak_completed","reference_id":"REF-KEYED-PIN","sequence":2,"data":{"status":"speak_successful","collected_digits":"739146#"}}""";
        var stored = await factory.Services.GetRequiredService<ICallStore>().GetEventsAsync("REF-KEYED-PIN", default);

        Assert.Equal([Sha256(Encoding.UTF8.GetBytes(incoming)), Hmac(withPin)], stored.Select(evt => evt.BodyHash));
        Assert.DoesNotContain("739146", stored[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_stored_whole_under_its_keyed_hash_as_the_first_keyed_release_did_is_still_recognised_when_delivered_again()
    {
        var body = CallEvents.IncomingCall("REF-KEYED-OLD-1");
        await using var app = Server(Convert.ToBase64String(HashKey));
        var first = await PostEventAsync(app, body);
        var store = app.Services.GetRequiredService<ICallStore>();
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes(body)), Assert.Single(await store.GetEventsAsync("REF-KEYED-OLD-1", default)).BodyHash);

        // The first release with keyed hashes used them for every body: rewrite the row as it would have.
        Assert.Equal(1, await ExecuteAsync("UPDATE events SET body_hash = $hash WHERE reference_id = 'REF-KEYED-OLD-1'", ("$hash", Hmac(body))));
        var again = await PostEventAsync(app, body);

        Assert.Equal(first, again);
        Assert.Single(await store.GetEventsAsync("REF-KEYED-OLD-1", default));
    }

    [Fact]
    public async Task Without_a_configured_key_the_secret_is_made_once_and_kept_encrypted_in_the_keys_folder()
    {
        string firstHash, secondHash;
        await using (var app = Server())
        {
            await PostEventAsync(app, CallEvents.IncomingCall("REF-KEPT-1"));
            firstHash = app.Services.GetRequiredService<KeyedHashes>().Of(Encoding.UTF8.GetBytes(CallEvents.IncomingCall("REF-KEPT-1")));
        }

        await using (var restarted = Server())
        {
            secondHash = restarted.Services.GetRequiredService<KeyedHashes>().Of(Encoding.UTF8.GetBytes(CallEvents.IncomingCall("REF-KEPT-1")));
        }

        var kept = await File.ReadAllTextAsync(Path.Combine(_folder.File("keys"), KeyedHashes.KeyFileName));
        Assert.Equal(firstHash, secondHash);
        Assert.NotEqual(Sha256(Encoding.UTF8.GetBytes(CallEvents.IncomingCall("REF-KEPT-1"))), firstHash);
        Assert.StartsWith("CfDJ8", kept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idempotency_key_claimed_by_the_previous_release_with_plain_sha256_still_replays_its_answer()
    {
        const string Call = """{"to":"15555551212","external_id":"keyed-idem-1","variables":{"code":"4821"}}""";
        var canonical = JsonSerializer.SerializeToUtf8Bytes(
            JsonSerializer.Deserialize(Call, TelesignVoiceJsonContext.Default.PlaceCallRequest)!, TelesignVoiceJsonContext.Default.PlaceCallRequest);
        using var telesign = new FakeTelesign().ThenAccept("REF-KEYED-IDEM");
        await using var app = Server(Convert.ToBase64String(HashKey)).WithTelesign(telesign);
        using var client = app.CreateOperatorClient();

        var (first, _) = await client.PostCallAsync(Call, "idem-legacy");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(1, await ExecuteAsync(
            "UPDATE idempotency_keys SET request_hash = $legacy WHERE request_hash = $keyed",
            ("$legacy", Sha256(canonical)),
            ("$keyed", Convert.ToHexStringLower(HMACSHA256.HashData(HashKey, canonical)))));
        var (second, _) = await client.PostCallAsync(Call, "idem-legacy");
        var (otherBody, _) = await client.PostCallAsync("""{"to":"15555550000"}""", "idem-legacy");

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues(IdempotentCalls.ReplayedHeaderName).Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Single(telesign.Requests);
    }

    [Fact]
    public void A_configured_hash_key_too_short_is_refused_naming_the_key()
    {
        var settings = new DataProtectionSettings { HashKey = Convert.ToBase64String(new byte[16]) };

        var failure = Assert.Throws<InvalidOperationException>(() => new KeyedHashes(new EphemeralDataProtectionProvider(), settings, _folder.File("keys")));

        Assert.StartsWith("DataProtection:HashKey (environment variable DataProtection__HashKey) must be at least 32 random bytes", failure.Message, StringComparison.Ordinal);
    }
}

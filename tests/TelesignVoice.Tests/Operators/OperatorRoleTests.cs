using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using TelesignVoice.Operators;
using TelesignVoice.Tests.Calls;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Operators;

/// <summary>Three named keys, one per role; the viewer's is configured by its SHA-256 only.</summary>
public sealed class NamedKeysFactory : TelesignVoiceFactory
{
    public const string ViewerKey = "viewer-key-0b8e4f6c1d2a";
    public const string CallerKey = "caller-key-7d3c9a1e5b4f";
    public const string AdminKey = "admin-key-2f6e8d0c4a9b";

    public NamedKeysFactory() =>
        WithSettings(new Dictionary<string, string?>
        {
            ["Operators:Keys:reporting:Role"] = "viewer",
            ["Operators:Keys:reporting:SecretHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ViewerKey))),
            ["Operators:Keys:crm:Role"] = "caller",
            ["Operators:Keys:crm:Secret"] = CallerKey,
            ["Operators:Keys:ops-lead:Role"] = "Admin",
            ["Operators:Keys:ops-lead:Secret"] = AdminKey,
        });
}

public class OperatorRoleTests(NamedKeysFactory factory) : IClassFixture<NamedKeysFactory>
{
    [Fact]
    public async Task Viewer_reads_calls_but_placing_one_is_forbidden_with_403_problem()
    {
        using var telesign = new FakeTelesign();
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient(NamedKeysFactory.ViewerKey);

        var list = await client.GetAsync(new Uri("/calls", UriKind.Relative));
        var (placed, problem) = await client.PostCallAsync("""{"to":"15555551212"}""");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, placed.StatusCode);
        Assert.Equal("application/problem+json", placed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("caller", problem.Text("required_role"));
        Assert.Contains("'reporting' has the role viewer", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(telesign.Requests);
    }

    [Theory]
    [InlineData(NamedKeysFactory.CallerKey, "crm")]
    [InlineData(NamedKeysFactory.AdminKey, "ops-lead")]
    [InlineData(TestAccount.OperatorKey, "api-key-0")]
    public async Task A_placed_call_records_the_key_name_never_the_secret(string key, string name)
    {
        var referenceId = $"REF-PLACED-BY-{name}";
        using var telesign = new FakeTelesign().ThenAccept(referenceId);
        await using var host = factory.WithTelesign(telesign);
        using var client = host.CreateOperatorClient(key);

        var (placed, _) = await client.PostCallAsync("""{"to":"15555551212"}""");
        var (_, call) = await client.GetJsonAsync($"/calls/{referenceId}");
        var (_, list) = await client.GetJsonAsync("/calls");

        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        Assert.Equal(name, call.Text("placed_by"));
        var listed = list!["calls"]!.AsArray().Single(c => c.Text("reference_id") == referenceId);
        Assert.Equal(name, listed.Text("placed_by"));
        Assert.DoesNotContain(key, call!.ToJsonString(), StringComparison.Ordinal);
    }
}

public class OperatorKeyConfigurationTests
{
    private static List<string> Validate(string name, OperatorKeyOptions key)
    {
        var options = new OperatorOptions();
        options.Keys[name] = key;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? string.Empty)];
    }

    [Theory]
    [InlineData("owner", "long-enough-secret-for-crm", "Operators:Keys:crm:Role must be viewer, caller or admin (environment variable Operators__Keys__crm__Role).")]
    [InlineData("caller", "short", "Operators:Keys:crm:Secret is shorter than 16 characters: use a long random key (e.g. openssl rand -base64 32).")]
    public void A_bad_named_key_is_refused_naming_the_key(string role, string secret, string message)
    {
        Assert.Equal([message], Validate("crm", new OperatorKeyOptions { Role = role, Secret = secret }));
    }

    [Fact]
    public void A_key_with_both_secret_and_hash_or_a_bad_hash_is_refused()
    {
        var both = Validate("crm", new OperatorKeyOptions { Role = "caller", Secret = "long-enough-secret-for-crm", SecretHash = new string('a', 64) });
        var badHash = Validate("crm", new OperatorKeyOptions { Role = "caller", SecretHash = "not-hex" });

        Assert.StartsWith("Operators:Keys:crm: set exactly one of Operators:Keys:crm:Secret", Assert.Single(both), StringComparison.Ordinal);
        Assert.StartsWith("Operators:Keys:crm:SecretHash must be the key's SHA-256 as 64 hex digits", Assert.Single(badHash), StringComparison.Ordinal);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Observability;

/// <summary>/openapi/v1.json read as a client generator would: types, required fields and headers.</summary>
public class OpenApiDocumentTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var client = host.CreateOperatorClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
    }

    private static JsonElement Schema(JsonElement document, string name) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static string[] Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];

    private static string[] Types(JsonElement schema) =>
        schema.GetProperty("type") is { ValueKind: JsonValueKind.Array } types ? [.. types.EnumerateArray().Select(t => t.GetString()!)] : [schema.GetProperty("type").GetString()!];

    [Fact]
    public async Task To_is_a_required_string_that_cannot_be_null()
    {
        var document = await DocumentAsync();

        var request = Schema(document, "PlaceCallRequest");
        Assert.Equal(["to"], Required(request));
        Assert.Equal(["string"], Types(request.GetProperty("properties").GetProperty("to")));
        Assert.Equal(["from", "to"], Required(Schema(document, "SimulatorInboundRequest")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_number_is_described_as_a_string_too()
    {
        var document = await DocumentAsync();

        var request = Schema(document, "PlaceCallRequest").GetProperty("properties").GetProperty("max_call_duration");
        Assert.Equal(["integer", "null"], Types(request).Order(StringComparer.Ordinal));
        Assert.Equal(["integer"], Types(Schema(document, "CallDetails").GetProperty("properties").GetProperty("attempts")));
        var limit = document.GetProperty("paths").GetProperty("/calls").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");
        Assert.Equal(["integer"], Types(limit));
        Assert.Equal(1, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(100, limit.GetProperty("maximum").GetInt32());
        var text = document.GetRawText();
        Assert.DoesNotMatch(new Regex("\"type\":\\s*\\[[^\\]]*\"integer\"[^\\]]*\"string\""), text);
        Assert.DoesNotContain("^-?(?:0|[1-9]\\\\d*)$", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CallSummary", new[] { "reference_id", "direction", "status", "created_at", "updated_at" })]
    [InlineData("CallDetails", new[] { "reference_id", "direction", "status", "attempts", "digits", "variables", "created_at", "updated_at", "events", "dials" })]
    [InlineData("CallList", new[] { "calls" })]
    [InlineData("SimulatedCallStarted", new[] { "reference_id" })]
    public async Task Fields_left_out_when_null_are_not_required(string schema, string[] required)
    {
        var document = await DocumentAsync();

        Assert.Equal(required.Order(StringComparer.Ordinal), Required(Schema(document, schema)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_header_the_server_reads_is_declared()
    {
        var document = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("operator_key").GetProperty("name").GetString());
        Assert.Equal("Authorization", schemes.GetProperty("telesign_tsa").GetProperty("name").GetString());
        Assert.Equal("X-TS-Authorization", schemes.GetProperty("telesign_signature").GetProperty("name").GetString());
        var webhook = document.GetProperty("paths").GetProperty("/webhooks/telesign").GetProperty("post");
        Assert.Equal(
            ["telesign_signature", "telesign_tsa"],
            webhook.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name).Order(StringComparer.Ordinal));
        var idempotency = document.GetProperty("paths").GetProperty("/calls").GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", idempotency.GetProperty("in").GetString());
        Assert.False(idempotency.TryGetProperty("required", out var required) && required.GetBoolean());
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TelesignVoice.Flows;

/// <summary>
/// A flow as JSON (snake_case, defaults filled in), the way <c>GET /flows/{name}</c> shows it and the
/// store keeps the versions calls run on; and the content hash that names a version.
/// </summary>
public static class FlowJson
{
    public static string Serialize(FlowDefinition flow) =>
        JsonSerializer.Serialize(flow, TelesignVoiceJsonContext.Default.FlowDefinition);

    public static FlowDefinition? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, TelesignVoiceJsonContext.Default.FlowDefinition);

    /// <summary>The first 16 hex digits of the SHA-256 of the text: a file's bytes as written, or a code flow's JSON.</summary>
    public static string VersionOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}

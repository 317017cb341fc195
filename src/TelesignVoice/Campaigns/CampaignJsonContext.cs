using System.Text.Json.Serialization;

namespace TelesignVoice.Campaigns;

/// <summary>The campaigns' JSON (API and stored documents), snake_case like the rest of the server.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CampaignSettings))]
[JsonSerializable(typeof(RecipientData))]
[JsonSerializable(typeof(CreateCampaignRequest))]
[JsonSerializable(typeof(CampaignView))]
[JsonSerializable(typeof(CampaignList))]
[JsonSerializable(typeof(RecipientView))]
[JsonSerializable(typeof(RecipientList))]
[JsonSerializable(typeof(SuppressionView))]
[JsonSerializable(typeof(SuppressionList))]
[JsonSerializable(typeof(PutSuppressionRequest))]
[JsonSerializable(typeof(AttemptDialResult))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CampaignJsonContext : JsonSerializerContext;

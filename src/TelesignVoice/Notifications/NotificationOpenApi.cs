using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TelesignVoice.Notifications;

/// <summary>The notifications TelesignVoice sends, in the OpenAPI document's <c>webhooks</c> section, with an example each.</summary>
public static class NotificationOpenApi
{
    private const string Envelope = "Standard Webhooks: verify webhook-signature (v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\"> with the key of your whsec_ secret), refuse timestamps more than 5 minutes away, and dedupe on webhook-id: delivery is at least once. Answer 2xx within Notifications:AttemptTimeoutSeconds; anything else is retried with backoff (Retry-After is honoured) until Notifications:GiveUpAfterSeconds.";

    public static IReadOnlyList<(string Type, string Summary, string Example)> Examples { get; } =
    [
        (NotificationEventTypes.CallCompleted, "A call ended: outcome, duration, the digits and variables the flow kept (sensitive entries masked).",
            """{"type":"call.completed","timestamp":"2026-12-02T03:30:12.5+00:00","data":{"reference_id":"0123456789ABCDEF0123456789ABCDEF","external_id":"appt-42","direction":"outbound","to":"15555551212","from":"15554441313","flow":"appointment-reminder","outcome":"answered","end_status":"hangup","duration_seconds":42,"digits":[{"step":"reminder","digits":"1","at":"2026-12-02T03:30:05+00:00"}],"variables":{"name":"Ada","when":"Tuesday at 10 AM"}}}"""),
        (NotificationEventTypes.FlowResult, "A flow reached a notify step: its values, filled from the call.",
            """{"type":"flow.result","timestamp":"2026-12-02T03:30:05.1+00:00","data":{"reference_id":"0123456789ABCDEF0123456789ABCDEF","external_id":"appt-42","flow":"appointment-reminder","step":"tell-confirmed","values":{"appointment":"confirmed","when":"Tuesday at 10 AM"}}}"""),
        (NotificationEventTypes.CampaignCompleted, "A campaign ended: state completed (every recipient reached a final state) or cancelled (sent at the cancel), with its recipients' counts by state.",
            """{"type":"campaign.completed","timestamp":"2026-12-02T05:00:00.2+00:00","data":{"campaign_id":"cmp_019ad1c2e4f0a1b2c3d4e5","name":"Tuesday reminders","state":"completed","counts":{"total":120,"exhausted":6,"reached":111,"suppressed":3},"completed_at":"2026-12-02T05:00:00.2+00:00"}}"""),
        (NotificationEventTypes.RecipientFinished, "One recipient of a campaign reached its final state (reached, exhausted, suppressed, invalid_number, cancelled, outcome_unknown).",
            """{"type":"campaign.recipient.finished","timestamp":"2026-12-02T04:10:00.1+00:00","data":{"campaign_id":"cmp_019ad1c2e4f0a1b2c3d4e5","recipient_id":17,"external_id":"patient-17","to":"15555551212","state":"reached","attempts":2,"reference_id":"0123456789ABCDEF0123456789ABCDEF","outcome":"answered","final_step":"tell-confirmed","digits":["1"],"variables":{"name":"Ada","when":"Tuesday at 10 AM"},"finished_at":"2026-12-02T04:10:00.1+00:00"}}"""),
    ];

    public static void Describe(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var (type, summary, example) in Examples)
        {
            document.Webhooks[type] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = "Notification_" + type.Replace('.', '_'),
                        Summary = summary,
                        Description = Envelope,
                        Tags = new HashSet<OpenApiTagReference> { new("Notifications", document) },
                        Parameters = [Header(WebhookSigner.IdHeader, "Unique per notification and the same on every attempt, e.g. msg_2b6q…"),
                            Header(WebhookSigner.TimestampHeader, "Unix seconds when this attempt was signed."),
                            Header(WebhookSigner.SignatureHeader, "v1,<base64> once per secret, space separated (several during a rotation).")],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Example = JsonNode.Parse(example) } },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Received; not sent again." },
                            ["default"] = new OpenApiResponse { Description = "Not received; sent again later with the same webhook-id." },
                        },
                    },
                },
            };
        }
    }

    public static IServiceCollection AddNotificationOpenApi(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        }));

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}

using System.Text.Json.Serialization;
using TelesignVoice.Calls;
using TelesignVoice.Telesign;

namespace TelesignVoice;

/// <summary>
/// The one source-generated JSON context: Telesign's wire, the operator API and the stores all use it,
/// so snake_case and "omit what is absent" hold everywhere.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TelesignEvent))]
[JsonSerializable(typeof(IncomingCallData))]
[JsonSerializable(typeof(DialCompletedData))]
[JsonSerializable(typeof(PromptCompletedData))]
[JsonSerializable(typeof(CallLegCompletedData))]
[JsonSerializable(typeof(CallCompletedData))]
[JsonSerializable(typeof(TelesignAction))]
[JsonSerializable(typeof(CallRecord))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<CollectedDigits>))]
[JsonSerializable(typeof(EndOfCall))]
[JsonSerializable(typeof(IReadOnlyList<CallLeg>))]
[JsonSerializable(typeof(Observability.HealthReportBody))]
[JsonSerializable(typeof(Telesign.Client.TelesignDialResponse))]
[JsonSerializable(typeof(PlaceCallRequest))]
[JsonSerializable(typeof(PlaceCallResponse))]
[JsonSerializable(typeof(CallAnswer))]
[JsonSerializable(typeof(CallDetails))]
[JsonSerializable(typeof(CallList))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Simulator.SimulatedDialResponse))]
[JsonSerializable(typeof(Simulator.SimulatedCallView))]
[JsonSerializable(typeof(Simulator.SimulatedCallStarted))]
[JsonSerializable(typeof(Simulator.SimulatorInboundRequest))]
[JsonSerializable(typeof(Simulator.SimulatorCallRequest))]
[JsonSerializable(typeof(Simulator.FaultSettings))]
[JsonSerializable(typeof(Simulator.NumberScriptRequest))]
[JsonSerializable(typeof(Simulator.NumberScriptView))]
[JsonSerializable(typeof(Simulator.NumberScriptList))]
[JsonSerializable(typeof(Flows.FlowDefinition))]
[JsonSerializable(typeof(Flows.FlowList))]
[JsonSerializable(typeof(Flows.FlowDetails))]
[JsonSerializable(typeof(Flows.FlowReloadAnswer))]
[JsonSerializable(typeof(Notifications.NotificationEnvelope<Notifications.CallCompletedNotification>))]
[JsonSerializable(typeof(Notifications.NotificationEnvelope<Notifications.FlowResultNotification>))]
[JsonSerializable(typeof(Notifications.NotificationEnvelope<Notifications.CampaignCompletedNotification>))]
[JsonSerializable(typeof(Notifications.NotificationEnvelope<Notifications.RecipientFinishedNotification>))]
[JsonSerializable(typeof(Notifications.NotificationView))]
[JsonSerializable(typeof(Notifications.NotificationList))]
[JsonSerializable(typeof(Notifications.ReceiverBehaviour))]
[JsonSerializable(typeof(Notifications.ReceivedNotificationList))]
[JsonSerializable(typeof(Flows.Testing.FlowTestFile))]
public sealed partial class TelesignVoiceJsonContext : JsonSerializerContext;

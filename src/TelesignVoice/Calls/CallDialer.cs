using System.Text.Json;
using Microsoft.Extensions.Options;
using TelesignVoice.Flows;
using TelesignVoice.Notifications;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Calls;

/// <summary>
/// Places one outbound call: validates the request, dials Telesign, records the dial and, when Telesign
/// accepted it (or the outcome is unknown), the call, so that its events continue in the chosen flow.
/// POST /calls and the simulator both use it.
/// </summary>
public sealed partial class CallDialer(
    TelesignClient client,
    ICallStore store,
    FlowCatalog flows,
    SensitiveValues sensitive,
    IOptionsMonitor<TelesignOptions> options,
    TimeProvider time,
    ILogger<CallDialer> logger,
    OutgoingNotifications notifications)
{
    public Task<PlaceCallResult> PlaceCallAsync(PlaceCallRequest request, CancellationToken cancellationToken) =>
        PlaceCallAsync(request, placedBy: null, cancellationToken);

    /// <param name="placedBy">The operator key's name, recorded on the call as placed_by.</param>
    public async Task<PlaceCallResult> PlaceCallAsync(PlaceCallRequest request, string? placedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var telesign = options.CurrentValue;
        var (call, errors) = PlaceCallValidator.Validate(request, telesign.CallerIdNumber);
        if (request.CallbackUrl is not null && notifications.CheckCallbackUrl(request.CallbackUrl) is { } callbackProblem)
        {
            errors["callback_url"] = [$"callback_url {callbackProblem}"];
            call = null;
        }

        if (call is null)
        {
            return PlaceCallResult.Invalid(errors);
        }

        // Refused before dialling: a customer must never hear a flow that cannot run, or a spoken "{name}".
        if (FlowErrors(call) is { Count: > 0 } flowErrors)
        {
            return PlaceCallResult.Invalid(flowErrors);
        }

        // Checked here rather than at startup: a server that only answers webhooks needs no dial credentials.
        var missing = string.IsNullOrWhiteSpace(telesign.CustomerId) ? "Telesign:CustomerId"
            : string.IsNullOrWhiteSpace(telesign.ApiKey) ? "Telesign:ApiKey"
            : null;
        if (missing is not null)
        {
            Log.NotConfigured(logger, missing);
            return PlaceCallResult.NotConfigured(
                $"{missing} is not configured, so no call can be placed. Set it (environment variable {missing.Replace(":", "__", StringComparison.Ordinal)}) and restart.");
        }

        // Kept before the dial, by external id, so that the call's notifications find it whatever happens next.
        if (request.CallbackUrl is { } callbackUrl)
        {
            await notifications.SaveCallbackAsync(call.ExternalId, callbackUrl, cancellationToken);
        }

        var action = TelesignAction.Dial(call.To, call.CallerIdNumber, call.ExternalId, call.MaxCallDuration, call.SendDtmf ?? flows.DigitsSentWithDial(call.Flow));
        var requestedAt = time.GetUtcNow();

        // The intent is written before the dial leaves, under the placeholder id: if the server dies before
        // Telesign's answer is recorded, the call's first event (carrying our external_id) adopts it and runs
        // the flow and variables asked for (WebhookProcessor), and GET /calls shows it meanwhile, as dialing.
        var placeholderId = UnknownOutcomeReferenceId(call.ExternalId);
        var ownsPlaceholder = await InsertCallAsync(call, placeholderId, CallStatuses.Dialing, requestedAt, placedBy, dialed: false);

        // Not the caller's token: once the dial has left, giving up on the answer leaves the outcome unknown
        // and the call unrecorded. The pipeline's total timeout bounds the wait instead.
        var dial = await client.DialAsync(action, CancellationToken.None);
        var referenceId = dial.ReferenceId ?? (dial.Outcome == DialOutcome.Unknown ? UnknownOutcomeReferenceId(call.ExternalId) : null);

        // From here on the callee may be ringing: a store error must not turn into a 500, because that
        // frees the Idempotency-Key and the operator's retry would ring the callee a second time.
        var dialRecord = new DialRecord(
            referenceId,
            call.ExternalId,
            requestedAt,
            JsonSerializer.Serialize(action, TelesignVoiceJsonContext.Default.TelesignAction),
            dial.HttpStatus,
            dial.ResponseBody,
            dial.OutcomeName);

        // The dial and the call are written together (with SQLite they share one group commit) rather
        // than one after the other: the operator waits for both either way.
        await Task.WhenAll(
            RecordDialAsync(dialRecord, call.ExternalId),
            SettlePlaceholderAsync(call, dial.Outcome, ownsPlaceholder, referenceId, requestedAt, placedBy));
        return PlaceCallResult.Dialed(call, dial, referenceId);
    }

    /// <summary>
    /// Accepted: the call moves to Telesign's reference id. Unknown: the placeholder stays, now saying the
    /// outcome is unknown (written now if writing it before the dial failed). Refused: nothing will ring, so
    /// the placeholder goes.
    /// </summary>
    private async Task SettlePlaceholderAsync(ValidCall call, DialOutcome outcome, bool ownsPlaceholder, string? referenceId, DateTimeOffset requestedAt, string? placedBy)
    {
        var placeholderId = UnknownOutcomeReferenceId(call.ExternalId);
        if (outcome == DialOutcome.Unknown)
        {
            if (!ownsPlaceholder)
            {
                await InsertCallAsync(call, placeholderId, CallStatuses.Unknown, requestedAt, placedBy);
                return;
            }

            try
            {
                await store.MarkDialOutcomeUnknownAsync(placeholderId, time.GetUtcNow(), CancellationToken.None);
            }
#pragma warning disable CA1031 // As below: the dial has left; the placeholder still runs the right flow, it only says dialing.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.CallNotRecorded(logger, ex, placeholderId, call.ExternalId);
            }

            return;
        }

        if (outcome == DialOutcome.Accepted && !await InsertCallAsync(call, referenceId!, CallStatuses.Dialing, requestedAt, placedBy))
        {
            // Not moved (not stored, or its first event already adopted the placeholder): it stays adoptable.
            return;
        }

        if (!ownsPlaceholder)
        {
            return;
        }

        try
        {
            await store.ForgetPlaceholderAsync(placeholderId, referenceId ?? placeholderId, CancellationToken.None);
        }
#pragma warning disable CA1031 // As below: the dial has left.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.CallNotRecorded(logger, ex, placeholderId, call.ExternalId);
        }
    }

    private async Task RecordDialAsync(DialRecord dialRecord, string externalId)
    {
        try
        {
            await store.RecordDialAsync(dialRecord, CancellationToken.None);
        }
#pragma warning disable CA1031 // After the dial any fault would be a 500 that invites a retry, and a second ring.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.DialNotRecorded(logger, ex, dialRecord.Outcome, dialRecord.ReferenceId, externalId);
        }
    }

    /// <returns>Whether this call was stored now.</returns>
    private async Task<bool> InsertCallAsync(ValidCall call, string referenceId, string status, DateTimeOffset requestedAt, string? placedBy, bool dialed = true)
    {
        var record = new CallRecord
        {
            ReferenceId = referenceId,
            ExternalId = call.ExternalId,
            Direction = TelesignDirections.Outbound,
            To = call.To,
            From = call.CallerIdNumber,
            Flow = call.Flow,
            Variables = Kept(call),
            Status = status,
            CreatedAt = requestedAt,
            UpdatedAt = time.GetUtcNow(),
            PlacedBy = placedBy,
        };
        try
        {
            if (await store.InsertCallAsync(record, CancellationToken.None))
            {
                return true;
            }

            Log.AlreadyStored(logger, record.ReferenceId);
        }
#pragma warning disable CA1031 // As above: the dial has left.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            if (dialed)
            {
                Log.CallNotRecorded(logger, ex, record.ReferenceId, call.ExternalId);
            }
            else
            {
                Log.IntentNotRecorded(logger, ex, call.ExternalId);
            }
        }

        return false;
    }

    /// <summary>The variables as stored: those the flow marks sensitive (a one-time code) encrypted.</summary>
    private IReadOnlyDictionary<string, string> Kept(ValidCall call) =>
        flows.Find(call.Flow) is { } flow && call.Variables.Keys.Any(flow.IsSensitive)
            ? call.Variables.ToDictionary(pair => pair.Key, pair => flow.IsSensitive(pair.Key) ? sensitive.Protect(pair.Value) : pair.Value, StringComparer.Ordinal)
            : call.Variables;

    /// <summary>
    /// Where a dial with an unknown outcome is recorded until Telesign's first event for it (which
    /// carries our external_id) reveals the real reference id; see WebhookProcessor.
    /// </summary>
    public static string UnknownOutcomeReferenceId(string externalId) => $"unknown-{externalId}";

    private Dictionary<string, string[]> FlowErrors(ValidCall call)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!flows.Exists(call.Flow))
        {
            errors["flow"] = [$"There is no flow named '{call.Flow}'. Known flows: {string.Join(", ", flows.FlowIds.Order(StringComparer.Ordinal))}."];
            return errors;
        }

        if (call.SendDtmf is not null && flows.DigitsSentWithDial(call.Flow) is { } flowDigits)
        {
            errors["send_dtmf"] = [$"The flow '{call.Flow ?? flows.DefaultFlowId}' sends its own keys ('{flowDigits}', its start step's send_digits): leave send_dtmf out, or use a flow that does not start with send_digits."];
        }

        foreach (var missing in flows.FindMissingVariables(call.Flow, call.Variables))
        {
            errors[$"variables.{missing}"] = [$"The flow '{call.Flow ?? flows.DefaultFlowId}' uses {{{missing}}}: give it a value in variables."];
        }

        return errors;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Cannot place a call: {Key} is not configured")]
        public static partial void NotConfigured(ILogger logger, string key);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Call {ReferenceId} was already stored (its events overtook the dial's answer, or an external_id was reused after an unknown outcome); this dial's flow and variables were not applied")]
        public static partial void AlreadyStored(ILogger logger, string referenceId);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "The call's flow and variables could not be recorded before the dial (external_id {ExternalId}); dialling anyway, the record is written once Telesign answers")]
        public static partial void IntentNotRecorded(ILogger logger, Exception exception, string externalId);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Dial sent to Telesign (outcome {Outcome}) but not recorded: reference_id {ReferenceId}, external_id {ExternalId}; the answer is given anyway so that a retry does not ring the callee twice")]
        public static partial void DialNotRecorded(ILogger logger, Exception exception, string outcome, string? referenceId, string externalId);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Call placed but not recorded: reference_id {ReferenceId}, external_id {ExternalId} may ring, yet GET /calls does not show it and its events find no call; the answer is given anyway so that a retry does not ring the callee twice")]
        public static partial void CallNotRecorded(ILogger logger, Exception exception, string referenceId, string externalId);
    }
}

public enum PlaceCallStatus
{
    /// <summary>The request had bad fields; nothing was sent.</summary>
    Invalid,

    /// <summary>Dial credentials are missing; nothing was sent.</summary>
    NotConfigured,

    /// <summary>The dial went to Telesign; <see cref="PlaceCallResult.Dial"/> says what came of it.</summary>
    Dialed,
}

public sealed record PlaceCallResult(
    PlaceCallStatus Status,
    ValidCall? Call = null,
    DialResult? Dial = null,
    string? ReferenceId = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    string? Problem = null)
{
    public static PlaceCallResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(PlaceCallStatus.Invalid, Errors: errors);

    public static PlaceCallResult NotConfigured(string problem) => new(PlaceCallStatus.NotConfigured, Problem: problem);

    public static PlaceCallResult Dialed(ValidCall call, DialResult dial, string? referenceId) =>
        new(PlaceCallStatus.Dialed, call, dial, referenceId);
}

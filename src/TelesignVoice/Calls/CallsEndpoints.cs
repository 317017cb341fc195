using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TelesignVoice.Operators;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;

namespace TelesignVoice.Calls;

/// <summary>The operator API: place a call, read one call, list calls. Every route needs an operator key.</summary>
public static class CallsEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapCalls(this IEndpointRouteBuilder app)
    {
        var group = app.MapOperatorGroup("/calls", "Calls");
        group.MapPost("/", PlaceCallAsync)
            .RequireOperator(OperatorRole.Caller)
            .WithName("PlaceCall")
            .WithSummary("Place an outbound call. Send Idempotency-Key to make retries safe.")
            .WithDescription(
                "202: Telesign accepted the dial. 409: the Idempotency-Key is still in flight. 415: not JSON. "
                + "422: Telesign rejected the number (telesign_status says why), or the Idempotency-Key was used with another body. "
                + "502: Telesign refused our credentials. 503: rate limited by Telesign, circuit open, or dialing not configured; see Retry-After. "
                + "504: the outcome is unknown: the call may ring, do not retry blindly.")
            .Accepts<PlaceCallRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        group.MapGet("/{reference_id}", GetCallAsync)
            .WithName("GetCall")
            .WithSummary("One call: state, flow position, digits, event timeline, dials, end-of-call record.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListCallsAsync)
            .WithName("ListCalls")
            .WithSummary("Calls, newest first, paged with cursor, filterable by status and by outcome (dial_completed's status as sent).");
        return group;
    }

    public static async Task<Results<Accepted<PlaceCallResponse>, ValidationProblem, ProblemHttpResult>> PlaceCallAsync(
        HttpContext context,
        CallDialer dialer,
        IdempotentCalls idempotency,
        ILogger<CallDialer> audit,
        TelesignVoice.Campaigns.ICampaignStore suppressions,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await PlaceCallRequestReader.ReadAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem switch
            {
                ValidationProblem validation => validation,
                _ => (ProblemHttpResult)problem,
            };
        }

        if (await TelesignVoice.Campaigns.SuppressionsEndpoints.RefuseIfSuppressedAsync(request!.To, suppressions, cancellationToken) is { } suppressed)
        {
            return suppressed;
        }

        var placedBy = OperatorIdentity.Required(context).Name;
        var answer = await idempotency.AnswerAsync(context, request!, token => dialer.PlaceCallAsync(request!, placedBy, token), cancellationToken);
        OperatorAudit.CallPlaced(audit, placedBy, answer.Accepted?.ReferenceId ?? answer.ReferenceId, answer.Accepted?.ExternalId ?? answer.ExternalId, request!.Flow, answer.StatusCode);
        return answer.ToResult(context.Response);
    }

    public static async Task<Results<Ok<CallDetails>, ProblemHttpResult>> GetCallAsync(
        [FromRoute(Name = "reference_id")] string referenceId,
        ICallStore store,
        CancellationToken cancellationToken)
    {
        if (!WireText.IsCleanId(referenceId))
        {
            return TypedResults.Problem(
                title: "The reference_id is not valid",
                detail: $"reference_id has at most {WireText.MaxIdLength} characters and no control characters.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = "reference_id" });
        }

        var call = await store.FindCallAsync(referenceId, cancellationToken);
        if (call is null)
        {
            return TypedResults.Problem(
                title: "Call not found",
                detail: $"No call has reference_id '{referenceId}'.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var events = await store.GetEventsAsync(referenceId, cancellationToken);
        var dials = await store.GetDialsAsync(referenceId, cancellationToken);
        return TypedResults.Ok(CallDetails.Of(call, events, dials));
    }

    public static async Task<Results<Ok<CallList>, ValidationProblem>> ListCallsAsync(
        string? status,
        string? outcome,
        string? limit,
        string? cursor,
        ICallStore store,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !CallStatuses.All.Contains(status))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", CallStatuses.All)}."];
        }

        if (outcome is not null && !WireText.IsCleanId(outcome))
        {
            errors["outcome"] = ["outcome is dial_completed's status as Telesign sent it, e.g. answered, busy, no_answer or failed."];
        }

        var pageSize = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }

        if (cursor is not null && !CallCursor.TryDecode(cursor, out _))
        {
            errors["cursor"] = ["cursor must be a next_cursor value returned by GET /calls."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The call list query is not valid");
        }

        var page = await store.ListCallsAsync(new CallQuery(status, pageSize, cursor) { Outcome = outcome }, cancellationToken);
        return TypedResults.Ok(new CallList([.. page.Calls.Select(CallSummary.Of)], page.NextCursor));
    }
}

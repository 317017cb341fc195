using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TelesignVoice.Calls;
using TelesignVoice.Observability;
using TelesignVoice.Operators;

namespace TelesignVoice.Campaigns;

/// <summary>
/// Numbers never to call (consent withdrawn). Checked just before every dial: each campaign attempt, and
/// POST /calls. Numbers are written as for POST /calls and kept as digits with the country code.
/// </summary>
public static class SuppressionsEndpoints
{
    public static RouteGroupBuilder MapSuppressions(this IEndpointRouteBuilder app)
    {
        var group = app.MapOperatorGroup("/suppressions", "Suppressions");
        group.MapGet("/", ListAsync).WithName("ListSuppressions").WithSummary("Suppressed numbers in order, paged with cursor.");
        group.MapGet("/{number}", GetAsync).WithName("GetSuppression").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{number}", PutAsync)
            .RequireOperator(OperatorRole.Admin)
            .Audited("suppression.put", AuditedNumber)
            .WithName("PutSuppression")
            .WithSummary("Never call this number again. Body optional: {\"reason\": \"…\"}. 201 when new, 200 when it was suppressed already.")
            .Accepts<PutSuppressionRequest>("application/json");
        group.MapDelete("/{number}", DeleteAsync).WithName("DeleteSuppression").ProducesProblem(StatusCodes.Status404NotFound)
            .RequireOperator(OperatorRole.Admin)
            .Audited("suppression.delete", AuditedNumber);
        return group;
    }

    public static async Task<Results<Ok<SuppressionList>, ValidationProblem>> ListAsync(
        string? cursor, string? limit, ICampaignStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (cursor is not null && (cursor.Length is 0 or > 32 || cursor.AsSpan().ContainsAnyExceptInRange('0', '9')))
        {
            errors["cursor"] = [CampaignsEndpoints.ForeignCursor];
        }

        var pageSize = CampaignsEndpoints.ParseLimit(limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The suppression list query is not valid");
        }

        var rows = await store.ListSuppressionsAsync(cursor, pageSize + 1, cancellationToken);
        var page = rows.Take(pageSize).Select(SuppressionView.Of).ToList();
        return TypedResults.Ok(new SuppressionList(page, rows.Count > pageSize ? page[^1].Number : null));
    }

    public static async Task<Results<Ok<SuppressionView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string number, ICampaignStore store, CancellationToken cancellationToken)
    {
        if (Normalize(number) is not { } digits)
        {
            return BadNumber();
        }

        return await store.FindSuppressionAsync(digits, cancellationToken) is { } found
            ? TypedResults.Ok(SuppressionView.Of(found))
            : NotSuppressed(digits);
    }

    public static async Task<Results<Created<SuppressionView>, Ok<SuppressionView>, ValidationProblem>> PutAsync(
        string number, HttpRequest request, ICampaignStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Normalize(number) is not { } digits)
        {
            return BadNumber();
        }

        string? reason = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (!request.HasJsonContentType())
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["body"] = ["Send no body, or JSON {\"reason\": \"…\"} with Content-Type: application/json."] },
                    title: "The suppression has an invalid body");
            }

            try
            {
                reason = (await JsonSerializer.DeserializeAsync(request.Body, CampaignJsonContext.Default.PutSuppressionRequest, cancellationToken))?.Reason;
            }
            catch (JsonException ex)
            {
                var (field, message) = JsonBodyProblems.Describe(ex);
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [field] = [$"{message} Send JSON {{\"reason\": \"…\"}} with reason a string of at most 500 characters."] },
                    title: "The suppression has an invalid body");
            }

            if (reason is { Length: > 500 } || CampaignValidator.HasNul(reason))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["reason"] = [CampaignValidator.HasNul(reason) ? CampaignValidator.NulMessage("reason") : "reason may hold at most 500 characters."] },
                    title: "The suppression has an invalid body");
            }
        }

        var suppression = new Suppression(digits, reason, time.GetUtcNow());
        var added = await store.PutSuppressionAsync(suppression, cancellationToken);
        var stored = await store.FindSuppressionAsync(digits, cancellationToken) ?? suppression;
        return added
            ? TypedResults.Created($"/suppressions/{digits}", SuppressionView.Of(stored))
            : TypedResults.Ok(SuppressionView.Of(stored));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string number, ICampaignStore store, CancellationToken cancellationToken)
    {
        if (Normalize(number) is not { } digits)
        {
            return BadNumber();
        }

        return await store.DeleteSuppressionAsync(digits, cancellationToken) ? TypedResults.NoContent() : NotSuppressed(digits);
    }

    /// <summary>For POST /calls: the problem to answer when the number is suppressed, or null.</summary>
    public static async Task<ProblemHttpResult?> RefuseIfSuppressedAsync(string? to, ICampaignStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (PhoneNumbers.Normalize(to) is not { } digits || await store.FindSuppressionAsync(digits, cancellationToken) is null)
        {
            return null;
        }

        return TypedResults.Problem(
            title: "The number is suppressed",
            detail: "This number is on the suppression list (GET /suppressions/{number}); no call was placed.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = "to" });
    }

    /// <summary>The number as audit lines show it: masked like every phone number in the logs.</summary>
    private static string? AuditedNumber(HttpContext http, object? answer) =>
        http.GetRouteValue("number") is string number
            ? TelesignVoice.Observability.PersonalDataEnricher.MaskPhoneNumber(Normalize(number) ?? number)
            : null;

    private static string? Normalize(string number) => PhoneNumbers.Normalize(Uri.UnescapeDataString(number));

    private static ValidationProblem BadNumber() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["number"] = ["number must be a phone number with country code, e.g. 15555551212 or +1 555 555 1212."] },
            title: "The number is not valid");

    private static ProblemHttpResult NotSuppressed(string digits) =>
        TypedResults.Problem(title: "Number not suppressed", detail: $"{digits} is not on the suppression list.", statusCode: StatusCodes.Status404NotFound);
}

using Microsoft.AspNetCore.Http.HttpResults;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Calls;

/// <summary>
/// The HTTP answer of POST /calls as data, so that an Idempotency-Key replay rebuilds exactly the first
/// answer from what the store kept.
/// </summary>
public sealed record CallAnswer(
    int StatusCode,
    PlaceCallResponse? Accepted = null,
    string? Title = null,
    string? Detail = null,
    string? TelesignStatus = null,
    string? ReferenceId = null,
    string? ExternalId = null,
    int? RetryAfterSeconds = null,
    IReadOnlyDictionary<string, string[]>? Errors = null)
{
    private const int DefaultRetryAfterSeconds = 5;

    /// <summary>
    /// Whether a replay must repeat this answer. Answers given before anything reached Telesign, or that
    /// say "try later", are not final: the key is released and a retry dials.
    /// </summary>
    public bool IsFinal => Errors is null && StatusCode != StatusCodes.Status503ServiceUnavailable;

    public static CallAnswer From(PlaceCallResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status == PlaceCallStatus.Invalid)
        {
            return new CallAnswer(StatusCodes.Status400BadRequest, Title: "The call request has invalid fields", Errors: result.Errors);
        }

        if (result.Status == PlaceCallStatus.NotConfigured)
        {
            return new CallAnswer(StatusCodes.Status503ServiceUnavailable, Title: "Dialing is not configured", Detail: result.Problem);
        }

        var dial = result.Dial!;
        var externalId = result.Call!.ExternalId;
        return dial.Outcome switch
        {
            DialOutcome.Accepted => new CallAnswer(
                StatusCodes.Status202Accepted,
                new PlaceCallResponse(result.ReferenceId!, externalId, CallStatuses.Dialing)),
            DialOutcome.Rejected => Refused("Telesign rejected the number", $"Telesign did not place the call: {dial.Status ?? "no status"}.", dial, externalId),
            DialOutcome.InvalidRequest => Refused("Telesign refused the request", $"Telesign refused the dial with HTTP {dial.HttpStatus}: {dial.Status ?? "no status"}.", dial, externalId),
            DialOutcome.Unauthorized => new CallAnswer(
                StatusCodes.Status502BadGateway,
                Title: "Telesign refused our credentials",
                Detail: "Telesign answered 401: the server's Telesign:CustomerId or Telesign:ApiKey is wrong. No call was placed.",
                TelesignStatus: dial.Status,
                ExternalId: externalId),
            DialOutcome.RateLimited => Unavailable("Telesign's rate limit was reached; no call was placed. Try again later.", dial, externalId),
            DialOutcome.CircuitOpen => Unavailable("Telesign failed repeatedly, so dials are paused; no call was placed. Try again later.", dial, externalId),
            DialOutcome.Unreachable => Unavailable("Telesign could not be reached; no call was placed. Try again later.", dial, externalId),
            _ => new CallAnswer(
                StatusCodes.Status504GatewayTimeout,
                Title: "The outcome of the dial is unknown",
                Detail: $"Telesign did not confirm the dial ({(dial.HttpStatus is { } status ? $"HTTP {status}" : "no answer")}); "
                    + $"the call may still ring. Do not retry blindly: check GET /calls/{result.ReferenceId} first.",
                ReferenceId: result.ReferenceId,
                ExternalId: externalId),
        };
    }

    public Results<Accepted<PlaceCallResponse>, ValidationProblem, ProblemHttpResult> ToResult(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Accepted is not null)
        {
            return TypedResults.Accepted($"/calls/{Uri.EscapeDataString(Accepted.ReferenceId)}", Accepted);
        }

        if (Errors is not null)
        {
            return TypedResults.ValidationProblem(Errors, title: Title);
        }

        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        AddIfPresent(extensions, "telesign_status", TelesignStatus);
        AddIfPresent(extensions, "reference_id", ReferenceId);
        AddIfPresent(extensions, "external_id", ExternalId);
        return TypedResults.Problem(detail: Detail, statusCode: StatusCode, title: Title, extensions: extensions);
    }

    private static CallAnswer Refused(string title, string detail, DialResult dial, string externalId) =>
        new(StatusCodes.Status422UnprocessableEntity, Title: title, Detail: detail, TelesignStatus: dial.Status, ReferenceId: dial.ReferenceId, ExternalId: externalId);

    private static CallAnswer Unavailable(string detail, DialResult dial, string externalId) =>
        new(
            StatusCodes.Status503ServiceUnavailable,
            Title: "Telesign is not available",
            Detail: detail,
            TelesignStatus: dial.Status,
            ExternalId: externalId,
            RetryAfterSeconds: dial.RetryAfter is { } after ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : DefaultRetryAfterSeconds);

    private static void AddIfPresent(Dictionary<string, object?> extensions, string name, string? value)
    {
        if (value is not null)
        {
            extensions[name] = value;
        }
    }
}

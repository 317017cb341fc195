namespace TelesignVoice.Telesign.Client;

/// <summary>What became of one <c>POST /v2/voice</c> dial (docs/telesign-protocol.md, POST /v2/voice: the answer), after any retries.</summary>
public enum DialOutcome
{
    /// <summary>202 <c>dial_accepted</c>: the call is being placed.</summary>
    Accepted,

    /// <summary>200 with a rejection status (premium or blocked number): nothing was placed. Never retried.</summary>
    Rejected,

    /// <summary>400: Telesign refused the request's fields (invalid number, caller ID not owned…).</summary>
    InvalidRequest,

    /// <summary>401: our customer ID or API key is wrong.</summary>
    Unauthorized,

    /// <summary>429 after the retries allowed: try later.</summary>
    RateLimited,

    /// <summary>The circuit breaker refused to send: Telesign failed repeatedly just before.</summary>
    CircuitOpen,

    /// <summary>Telesign could not be reached (refused connection, unknown host): certainly not placed.</summary>
    Unreachable,

    /// <summary>5xx, a timeout or a broken connection after the request left: the call may ring.</summary>
    Unknown,
}

/// <param name="Outcome">The outcome class.</param>
/// <param name="HttpStatus">Telesign's HTTP status, null when no answer came back.</param>
/// <param name="ReferenceId">Telesign's reference_id, when its answer carried one.</param>
/// <param name="Status">Telesign's <c>status</c> string (e.g. <c>dial_accepted</c>, <c>invalid_phone_number</c>).</param>
/// <param name="ResponseBody">Telesign's answer as received, for the dial record.</param>
/// <param name="RetryAfter">When it makes sense to try again (rate limit, open circuit).</param>
public sealed record DialResult(
    DialOutcome Outcome,
    int? HttpStatus,
    string? ReferenceId,
    string? Status,
    string? ResponseBody,
    TimeSpan? RetryAfter = null)
{
    /// <summary>The outcome as a metric tag and stored value: snake_case.</summary>
    public string OutcomeName => Outcome switch
    {
        DialOutcome.Accepted => "accepted",
        DialOutcome.Rejected => "rejected",
        DialOutcome.InvalidRequest => "invalid_request",
        DialOutcome.Unauthorized => "unauthorized",
        DialOutcome.RateLimited => "rate_limited",
        DialOutcome.CircuitOpen => "circuit_open",
        DialOutcome.Unreachable => "unreachable",
        _ => "unknown",
    };
}

/// <summary>The body of Telesign's synchronous answer: <c>reference_id</c>, <c>status</c>, <c>external_id</c>.</summary>
public sealed record TelesignDialResponse(string? ReferenceId, string? Status, string? ExternalId);

using System.Text.Json;
using Microsoft.Extensions.Options;
using TelesignVoice.Operators;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Calls;

/// <summary>
/// <c>Idempotency-Key</c> for POST /calls: the first request with a key dials; a retry with the same key
/// and body gets the first answer back instead of ringing the callee again. Keys are scoped to the
/// operator key that sent them, so two operators never see each other's answers.
/// </summary>
public sealed class IdempotentCalls(ICallStore store, KeyedHashes hashes, TimeProvider time, IOptions<TelesignResilienceOptions> resilience)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    private const int MaxKeyLength = 255;

    /// <summary>Beyond the dial's own timeout: time for the store writes that follow it, and for clock skew between instances.</summary>
    public static readonly TimeSpan PendingMargin = TimeSpan.FromSeconds(30);

    public async Task<CallAnswer> AnswerAsync(
        HttpContext context,
        PlaceCallRequest request,
        Func<CancellationToken, Task<PlaceCallResult>> placeCall,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(placeCall);
        var headers = context.Request.Headers[HeaderName];
        if (headers.Count == 0)
        {
            return CallAnswer.From(await placeCall(cancellationToken));
        }

        var key = headers.Count == 1 ? headers[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return new CallAnswer(
                StatusCodes.Status400BadRequest,
                Title: "The Idempotency-Key header is not valid",
                Errors: new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    [HeaderName] = [$"Send one {HeaderName} of 1 to {MaxKeyLength} printable ASCII characters without spaces, e.g. a UUID."],
                });
        }

        var scopedKey = $"{OperatorIdentity.Required(context).KeyId}:{key}";
        // Keyed, always: the body may carry a one-time code in its variables, and it is not stored beside its hash.
        var body = JsonSerializer.SerializeToUtf8Bytes(request, TelesignVoiceJsonContext.Default.PlaceCallRequest);
        var requestHash = hashes.Of(body);
        var existing = await store.ClaimIdempotencyKeyAsync(scopedKey, requestHash, time.GetUtcNow(), cancellationToken);
        if (existing is not null)
        {
            return Replay(context, existing, requestHash, KeyedHashes.Plain(body));
        }

        CallAnswer answer;
        try
        {
            answer = CallAnswer.From(await placeCall(cancellationToken));
        }
        catch (Exception)
        {
            // Whether the dial left before the fault cannot be told from here: freeing the key could ring the
            // callee twice, so the key ends with "outcome unknown" (a new key places a new call), then the 500.
            await store.CompleteIdempotencyKeyAsync(
                scopedKey, UnknownOutcome.StatusCode, JsonSerializer.Serialize(UnknownOutcome, TelesignVoiceJsonContext.Default.CallAnswer), CancellationToken.None);
            throw;
        }

        if (answer.IsFinal)
        {
            await store.CompleteIdempotencyKeyAsync(
                scopedKey, answer.StatusCode, JsonSerializer.Serialize(answer, TelesignVoiceJsonContext.Default.CallAnswer), CancellationToken.None);
        }
        else
        {
            await store.ReleaseIdempotencyKeyAsync(scopedKey, CancellationToken.None);
        }

        return answer;
    }

    private static readonly CallAnswer UnknownOutcome = new(
        StatusCodes.Status504GatewayTimeout,
        Title: "The outcome of the first request with this Idempotency-Key is unknown",
        Detail: "Outcome unknown: the first request with this key failed and may have placed a call; check GET /calls before placing it again.");

    /// <param name="plainHash">The plain SHA-256 a key claimed by the release before keyed hashes holds.</param>
    private CallAnswer Replay(HttpContext context, IdempotencyEntry existing, string requestHash, string plainHash)
    {
        if (!string.Equals(existing.RequestHash, requestHash, StringComparison.Ordinal)
            && !string.Equals(existing.RequestHash, plainHash, StringComparison.Ordinal))
        {
            return new CallAnswer(
                StatusCodes.Status422UnprocessableEntity,
                Title: "Idempotency-Key reused with a different body",
                Detail: $"This {HeaderName} was first sent with another call request. Use a new key for a new call.");
        }

        // A first request that outlived the dial's total timeout is not in progress: its process died
        // between claim and answer. Whether it dialled is unknown, so this answer never dials.
        if (existing.IsPending && time.GetUtcNow() - existing.CreatedAt > resilience.Value.TotalTimeout + PendingMargin)
        {
            return new CallAnswer(
                StatusCodes.Status504GatewayTimeout,
                Title: "The outcome of the first request with this Idempotency-Key is unknown",
                Detail: "Outcome unknown: the first request with this key may have placed a call; check GET /calls before placing it again.");
        }

        if (existing.IsPending)
        {
            context.Response.Headers.RetryAfter = "1";
            return new CallAnswer(
                StatusCodes.Status409Conflict,
                Title: "The first request with this Idempotency-Key is still in progress",
                Detail: "Wait for it, then retry with the same key to get its answer.");
        }

        context.Response.Headers[ReplayedHeaderName] = "true";
        return JsonSerializer.Deserialize(existing.ResponseJson!, TelesignVoiceJsonContext.Default.CallAnswer)!;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// Telesign's <c>POST /v2/voice</c>. Authentication and the resilience pipeline are handlers of the
/// named client <see cref="HttpClientName"/>; this class builds the request and turns whatever came
/// back (or did not) into a <see cref="DialResult"/>. It never throws for Telesign's answers or the network.
/// </summary>
public sealed partial class TelesignClient(
    HttpClient http,
    TelesignHealth health,
    TelesignMetrics metrics,
    IOptions<TelesignResilienceOptions> resilience,
    ILogger<TelesignClient> logger)
{
    /// <summary>Telesign's dial answer is a few hundred bytes; a longer body is cut here.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    /// <summary>The named HttpClient: the simulator plugs in with <c>AddHttpClient("Telesign").ConfigurePrimaryHttpMessageHandler(…)</c>.</summary>
    public const string HttpClientName = "Telesign";

    internal const string DialOperation = "dial";

    internal const string VoicePath = "v2/voice";

    /// <summary>Sends <paramref name="dial"/> to <c>POST /v2/voice</c> through the resilience pipeline and classifies what came back.</summary>
    public async Task<DialResult> DialAsync(TelesignAction dial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dial);
        using var activity = TelesignMetrics.ActivitySource.StartActivity("telesign.dial", ActivityKind.Client);
        activity?.SetTag("telesign.external_id", dial.Params.ExternalId);

        var result = await SendAsync(dial, cancellationToken);

        activity?.SetTag("telesign.reference_id", result.ReferenceId);
        activity?.SetTag("telesign.outcome", result.OutcomeName);
        activity?.SetTag("http.response.status_code", result.HttpStatus);
        if (result.Outcome != DialOutcome.Accepted)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.OutcomeName);
        }

        metrics.DialCompleted(result.OutcomeName);
        Log.DialFinished(logger, result.OutcomeName, result.HttpStatus, result.Status);
        return result;
    }

    private async Task<DialResult> SendAsync(TelesignAction dial, CancellationToken cancellationToken)
    {
        var attempts = new DialAttempts();
        using var request = new HttpRequestMessage(HttpMethod.Post, VoicePath)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(dial, TelesignJsonContext.Default.TelesignAction)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(TelesignAttemptHandler.AttemptsKey, attempts);

        try
        {
            // Headers only: the pipeline's timeouts end with them, so the body is read under its own bound.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = await ReadBodyAsync(response, cancellationToken);
            if (body is null)
            {
                Log.OutcomeUnknown(logger, $"HTTP {(int)response.StatusCode} with a body that did not arrive within {resilience.Value.AttemptTimeout}");
                return new DialResult(DialOutcome.Unknown, (int)response.StatusCode, null, null, null);
            }

            return Classify(response, body);
        }
        catch (BrokenCircuitException exception)
        {
            return new DialResult(DialOutcome.CircuitOpen, null, null, null, null, exception.RetryAfter);
        }
        catch (TimeoutRejectedException) when (attempts.LastCertainlyNotPlaced)
        {
            // The total timeout struck during a retry delay: the last attempt placed nothing.
            return attempts.LastStatus == HttpStatusCode.TooManyRequests
                ? new DialResult(DialOutcome.RateLimited, (int)HttpStatusCode.TooManyRequests, null, null, null)
                : new DialResult(DialOutcome.Unreachable, null, null, null, null);
        }
        catch (TimeoutRejectedException)
        {
            Log.OutcomeUnknown(logger, "timeout");
            return new DialResult(DialOutcome.Unknown, null, null, null, null);
        }
        catch (HttpRequestException exception) when (TelesignAttemptHandler.IsCertainlyNotSent(exception))
        {
            Log.Unreachable(logger, exception.Message);
            return new DialResult(DialOutcome.Unreachable, null, null, null, null);
        }
        catch (HttpRequestException exception)
        {
            Log.OutcomeUnknown(logger, exception.Message);
            return new DialResult(DialOutcome.Unknown, null, null, null, null);
        }
    }

    /// <summary>The body, at most <see cref="MaxResponseBytes"/>, or null when it took longer than one attempt's timeout.</summary>
    private async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(resilience.Value.AttemptTimeout);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(bound.Token);
            var buffer = new byte[MaxResponseBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), bound.Token)) > 0)
            {
                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private DialResult Classify(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var answer = Parse(body);
        health.CredentialsChecked(rejected: response.StatusCode == HttpStatusCode.Unauthorized);
        var outcome = response.StatusCode switch
        {
            HttpStatusCode.Accepted when !string.IsNullOrEmpty(answer?.ReferenceId) => DialOutcome.Accepted,
            HttpStatusCode.OK => DialOutcome.Rejected,
            HttpStatusCode.Unauthorized => DialOutcome.Unauthorized,
            HttpStatusCode.TooManyRequests => DialOutcome.RateLimited,
            HttpStatusCode.RequestTimeout => DialOutcome.Unknown,
            >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError => DialOutcome.InvalidRequest,
            _ => DialOutcome.Unknown,
        };

        switch (outcome)
        {
            case DialOutcome.Unauthorized:
                Log.CredentialsRejected(logger, answer?.Status);
                break;
            case DialOutcome.Unknown:
                Log.OutcomeUnknown(logger, $"HTTP {status}");
                break;
        }

        return new DialResult(outcome, status, answer?.ReferenceId, answer?.Status, body, response.Headers.RetryAfter?.Delta);
    }

    private static TelesignDialResponse? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, TelesignJsonContext.Default.TelesignDialResponse);
        }
        catch (JsonException)
        {
            // A proxy's HTML error page, say: the HTTP status alone decides the outcome then.
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Telesign dial finished: {Outcome} (HTTP {HttpStatus}, status {Status})")]
        public static partial void DialFinished(ILogger logger, string outcome, int? httpStatus, string? status);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Telesign refused our credentials ({Status}): check Telesign:CustomerId and Telesign:ApiKey")]
        public static partial void CredentialsRejected(ILogger logger, string? status);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Telesign dial outcome unknown ({Reason}): the call may ring; not retried")]
        public static partial void OutcomeUnknown(ILogger logger, string reason);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Telesign could not be reached ({Reason}): no call was placed")]
        public static partial void Unreachable(ILogger logger, string reason);
    }
}

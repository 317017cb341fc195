using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// The Polly pipeline of the Telesign client, outermost first: total timeout, retry (only where no call
/// can have been placed), circuit breaker, per-attempt timeout.
/// </summary>
internal static partial class TelesignResiliencePipeline
{
    public const string Name = "telesign";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        var services = context.ServiceProvider;
        var options = services.GetRequiredService<IOptions<TelesignResilienceOptions>>().Value;
        var metrics = services.GetRequiredService<TelesignMetrics>();
        var health = services.GetRequiredService<TelesignHealth>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelesignResiliencePipeline));

        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(CertainlyNotPlaced(args.Outcome)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    metrics.TelesignRetried(TelesignClient.DialOperation);
                    Log.Retrying(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome));
                    return ValueTask.CompletedTask;
                },
            });
        }

        var breaker = options.CircuitBreaker;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
            OnOpened = args =>
            {
                metrics.CircuitChanged("open");
                health.CircuitChanged(open: true, args.BreakDuration);
                Log.CircuitOpened(logger, args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                metrics.CircuitChanged("half_open");
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                metrics.CircuitChanged("closed");
                health.CircuitChanged(open: false);
                Log.CircuitClosed(logger);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>429 and failures before the request left: retrying cannot ring anyone twice.</summary>
    public static bool CertainlyNotPlaced(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
        || TelesignAttemptHandler.IsCertainlyNotSent(outcome.Exception);

    /// <summary>What counts against the circuit: Telesign or the way to it failing, not our input or our rate.</summary>
    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout };

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? $"HTTP {(int)response.StatusCode}"
            : outcome.Exception?.GetType().Name ?? "none";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Telesign dial not placed ({Reason}); retry {Attempt} in {DelayMs} ms")]
        public static partial void Retrying(ILogger logger, int attempt, double delayMs, string reason);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Circuit to Telesign opened for {BreakSeconds} s after repeated failures (last: {Reason})")]
        public static partial void CircuitOpened(ILogger logger, double breakSeconds, string reason);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Circuit to Telesign closed: dials go through again")]
        public static partial void CircuitClosed(ILogger logger);
    }
}

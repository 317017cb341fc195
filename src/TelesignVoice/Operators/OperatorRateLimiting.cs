using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Operators;

/// <summary>
/// A fixed window per operator key (per client address when no configured key is sent), from
/// <c>Operators:RateLimit</c>. Refusals are 429 problems with Retry-After.
/// </summary>
public static class OperatorRateLimiting
{
    public const string PolicyName = "operators";

    public static IServiceCollection AddOperatorSecurity(this IServiceCollection services)
    {
        services.AddOptions<OperatorOptions>()
            .BindConfiguration(OperatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OperatorKeyring>();
        services.AddHostedService<OperatorKeyStartupCheck>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<OperatorOptions>>().Value.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// A configured key's name (never the key itself: limiter state holds no secret) names the partition;
    /// any other request is counted by client address, so rotating made-up keys buys no fresh windows.
    /// </summary>
    private static string PartitionKey(HttpContext context)
    {
        var identity = context.RequestServices.GetRequiredService<OperatorKeyring>().Authenticate(context);
        return identity is not null
            ? "key:" + identity.Name
            : "ip:" + context.Connection.RemoteIpAddress;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            title: "Too many requests",
            detail: $"This operator key (or, without a valid key, this client address) made too many requests; try again in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
    }
}

/// <summary>Says at startup, not at the first refused call, that the operator API is closed.</summary>
public sealed partial class OperatorKeyStartupCheck(OperatorKeyring keyring, ILogger<OperatorKeyStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keyring.IsEmpty)
        {
            Log.NoKeys(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "No operator key is configured (Operators:Keys, Operators:ApiKeys): the operator API (/calls) refuses every request with 401. Set Operators:Keys:<name>:Role and :Secret (environment variables Operators__Keys__<name>__Role, Operators__Keys__<name>__Secret) or Operators:ApiKeys:0 to a long random key.")]
        public static partial void NoKeys(ILogger logger);
    }
}

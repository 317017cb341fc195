using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Security;

/// <summary>
/// Lets a request through only with an <c>X-Api-Key</c> listed in <c>Operators:ApiKeys</c>. Keys are
/// compared as SHA-256 hashes with a fixed-time comparison against every configured key, so neither
/// the time taken nor the key's length tells a prober anything. A Telesign signature is no substitute.
/// </summary>
public sealed partial class OperatorKeyFilter : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";
    private const string OperatorIdItem = "telesignvoice.operator-id";

    private readonly byte[][] _keyHashes;
    private readonly ILogger<OperatorKeyFilter> _logger;

    public OperatorKeyFilter(IOptions<OperatorOptions> options, ILogger<OperatorKeyFilter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _keyHashes = [.. options.Value.ApiKeys.Where(key => !string.IsNullOrEmpty(key)).Select(Hash)];
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var presented = http.Request.Headers[HeaderName];
        if (MatchedKeyHash(http) is { } hash)
        {
            http.Items[OperatorIdItem] = Convert.ToHexStringLower(hash.AsSpan(0, 8));
            return await next(context);
        }

        Log.Refused(_logger, presented.Count == 0 ? "missing" : "unknown", http.Request.Path);
        http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return TypedResults.Problem(
            title: "Unauthorized",
            detail: $"The operator API needs a valid operator key: send {HeaderName}: <one of Operators:ApiKeys>.",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>The SHA-256 of the request's <c>X-Api-Key</c> when it is one of the configured keys, else null.</summary>
    public byte[]? MatchedKeyHash(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var presented = http.Request.Headers[HeaderName];
        if (presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return null;
        }

        var hash = Hash(presented[0]!);
        var matched = false;
        foreach (var known in _keyHashes)
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return matched ? hash : null;
    }

    /// <summary>A short, non-secret name of the operator key that was accepted (hash prefix), for scoping.</summary>
    public static string OperatorId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[OperatorIdItem] as string
            ?? throw new InvalidOperationException("OperatorId is only known on routes that use RequireOperatorKey().");
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Operator request refused ({Reason} X-Api-Key) on {Path}")]
        public static partial void Refused(ILogger logger, string reason, PathString path);
    }
}

public static class OperatorKeyExtensions
{
    /// <summary>Refuses requests without a valid <c>X-Api-Key</c> on an endpoint or a group.</summary>
    public static TBuilder RequireOperatorKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, OperatorKeyFilter>();
}

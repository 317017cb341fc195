using System.Security.Cryptography;
using System.Text;

namespace TelesignVoice.Simulator;

/// <summary>
/// The control API starts calls, so it takes the operator key (<c>X-Api-Key</c>, one of
/// <c>Operators:ApiKeys</c>) like the operator API; no keys configured means every request is refused.
/// </summary>
public sealed class SimulatorAccessFilter(IConfiguration configuration) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var presented = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[HeaderName].ToString());
        var keys = configuration.GetSection("Operators:ApiKeys").Get<string[]>() ?? [];
        var matched = false;
        foreach (var key in keys)
        {
            matched |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), presented);
        }

        return matched && presented.Length > 0
            ? await next(context)
            : TypedResults.Problem(
                title: "Unauthorized",
                detail: $"Send one of Operators:ApiKeys in the {HeaderName} header.",
                statusCode: StatusCodes.Status401Unauthorized);
    }
}

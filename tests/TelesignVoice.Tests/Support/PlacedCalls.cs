using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Calls;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// Outbound calls as POST /calls stores them once Telesign accepted the dial: only such a call's
/// dial_completed runs a flow (any other is for a call never placed, an unknown_call).
/// </summary>
public static class PlacedCalls
{
    /// <returns>The call's reference id (a new one when none is given).</returns>
    public static async Task<string> SeedAsync(
        IServiceProvider services,
        string? referenceId = null,
        string? flow = null,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        referenceId ??= Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var inserted = await services.GetRequiredService<ICallStore>().InsertCallAsync(
            new CallRecord
            {
                ReferenceId = referenceId,
                Direction = TelesignDirections.Outbound,
                To = "15558675309",
                From = "15554441313",
                Flow = flow,
                Variables = variables ?? new Dictionary<string, string>(),
                Status = CallStatuses.Dialing,
                CreatedAt = now,
                UpdatedAt = now,
            },
            CancellationToken.None);
        Assert.True(inserted, $"call {referenceId} was already stored");
        return referenceId;
    }
}

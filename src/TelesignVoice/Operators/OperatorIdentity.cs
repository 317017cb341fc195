namespace TelesignVoice.Operators;

/// <summary>What an operator key may do; each role includes the ones before it.</summary>
public enum OperatorRole
{
    /// <summary>Reads calls, campaigns, flows and notifications.</summary>
    Viewer = 1,

    /// <summary>Also places calls and runs campaigns.</summary>
    Caller = 2,

    /// <summary>Everything: suppressions, flow reload, notification redelivery.</summary>
    Admin = 3,
}

/// <summary>
/// The operator key a request was accepted with: its configured name (what audit lines and
/// <c>placed_by</c> record), its role, and a short non-secret id (a hash prefix) that scopes per-key
/// state such as idempotency keys. Never the secret.
/// </summary>
public sealed record OperatorIdentity(string Name, OperatorRole Role, string KeyId)
{
    internal const string ItemKey = "telesignvoice.operator";

    public bool Has(OperatorRole role) => Role >= role;

    /// <summary>The request's operator, or null when it sent no configured key (or the route has no operator filter).</summary>
    public static OperatorIdentity? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var item) ? item as OperatorIdentity : null;
    }

    /// <summary>The request's operator on a route guarded by <see cref="OperatorFilterExtensions.RequireOperator{TBuilder}"/>.</summary>
    public static OperatorIdentity Required(HttpContext context) =>
        Of(context) ?? throw new InvalidOperationException("The operator is only known on routes that use RequireOperator().");

    public static string RoleName(OperatorRole role) => role switch
    {
        OperatorRole.Viewer => "viewer",
        OperatorRole.Caller => "caller",
        OperatorRole.Admin => "admin",
        _ => role.ToString(),
    };
}

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using TelesignVoice.Operators;
using TelesignVoice.OperatorConsole.Pages;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// A console session: an operator key, typed once into the sign-in form, is exchanged for an encrypted
/// cookie holding the key's SHA-256 (never the key). Every request looks the key up again, so removing a
/// key ends its sessions and a changed role applies at once; the operator it finds is put on the request
/// as the API's key filter does, so <c>placed_by</c> and the audit lines name the key in the console too.
/// </summary>
public static class ConsoleSession
{
    public const string Scheme = "TelesignVoice.Console";
    public const string Policy = "TelesignVoice.Console";
    public const string AntiforgeryField = "__console_token";
    public const string KeyHashClaim = "telesignvoice:operator_key_sha256";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static ClaimsPrincipal PrincipalFor(OperatorIdentity identity, string keyHash)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, identity.Name),
                new Claim(ClaimTypes.Role, OperatorIdentity.RoleName(identity.Role)),
                new Claim(KeyHashClaim, keyHash),
            ],
            Scheme));
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var keys = context.HttpContext.RequestServices.GetRequiredService<ConsoleOperatorKeys>();
        if (context.Principal?.FindFirstValue(KeyHashClaim) is not { } hash || keys.FindByHash(hash) is not { } identity)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.HttpContext.Items[OperatorIdentity.ItemKey] = identity;
    }

    /// <summary>The operator of a signed-in console request (set by <see cref="ValidateAsync"/>).</summary>
    public static OperatorIdentity? Operator(HttpContext? context) =>
        context is null ? null : OperatorIdentity.Of(context);

    /// <summary>Console pages and forms that need more than reading, as the API's roles say.</summary>
    public static TBuilder RequireConsoleRole<TBuilder>(this TBuilder builder, OperatorRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            Operator(context.HttpContext) is { } identity && identity.Has(role)
                ? await next(context)
                : MessagePage.Forbidden(
                    $"The operator key '{Operator(context.HttpContext)?.Name}' has the role {OperatorIdentity.RoleName(Operator(context.HttpContext)?.Role ?? OperatorRole.Viewer)}; "
                    + $"this needs {OperatorIdentity.RoleName(role)}. Sign in with another key, or ask for one with that role."));
}

/// <summary>Finds the operator of a typed key (or of a session's key hash) among the configured keys, in fixed time.</summary>
public sealed class ConsoleOperatorKeys(IOptions<OperatorOptions> options)
{
    private readonly (byte[] Hash, OperatorIdentity Identity)[] _keys =
        [.. options.Value.ConfiguredKeys().Select(key => (key.Hash, new OperatorIdentity(key.Name, key.Role, Convert.ToHexStringLower(key.Hash.AsSpan(0, 8)))))];

    /// <summary>The operator and the key's hex SHA-256 when <paramref name="key"/> is configured, else null.</summary>
    public (OperatorIdentity Identity, string KeyHash)? Match(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var hash = OperatorKeyring.Hash(key);
        return Find(hash) is { } identity ? (identity, Convert.ToHexStringLower(hash)) : null;
    }

    public OperatorIdentity? FindByHash(string keyHash) =>
        keyHash.Length == 64 && keyHash.All(char.IsAsciiHexDigit) ? Find(Convert.FromHexString(keyHash)) : null;

    private OperatorIdentity? Find(byte[] hash)
    {
        OperatorIdentity? matched = null;
        foreach (var (known, identity) in _keys)
        {
            // No early exit: every key is compared, whichever matches.
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                matched ??= identity;
            }
        }

        return matched;
    }
}

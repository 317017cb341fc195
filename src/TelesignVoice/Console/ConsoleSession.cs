using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using TelesignVoice.Operators;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// A console session: an operator key, typed once into the sign-in form, is exchanged for an encrypted
/// cookie holding the key's SHA-256 (never the key). Every request checks that the key is still
/// configured, so removing a key from <c>Operators:ApiKeys</c> ends its sessions at once.
/// </summary>
public static class ConsoleSession
{
    public const string Scheme = "TelesignVoice.Console";
    public const string Policy = "TelesignVoice.Console";
    public const string AntiforgeryField = "__console_token";
    public const string KeyHashClaim = "telesignvoice:operator_key_sha256";
    public const string AdminRole = "admin";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static ClaimsPrincipal PrincipalFor(string keyHash) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"operator {keyHash[..8]}"),
                new Claim(KeyHashClaim, keyHash),
                // Every key of Operators:ApiKeys may do everything today.
                new Claim(ClaimTypes.Role, AdminRole),
            ],
            Scheme));

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var keys = context.HttpContext.RequestServices.GetRequiredService<ConsoleOperatorKeys>();
        if (context.Principal?.FindFirstValue(KeyHashClaim) is not { } hash || !keys.IsConfigured(hash))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    public static string OperatorName(ClaimsPrincipal user) =>
        user?.Identity?.Name ?? "operator";
}

/// <summary>Checks a typed key against <c>Operators:ApiKeys</c> as the API's filter does: SHA-256, fixed time, every key.</summary>
public sealed class ConsoleOperatorKeys(IOptionsMonitor<OperatorOptions> options)
{
    /// <summary>The hex SHA-256 of <paramref name="key"/> when it is a configured operator key, else null.</summary>
    public string? Match(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Matches(hash) ? Convert.ToHexStringLower(hash) : null;
    }

    public bool IsConfigured(string keyHash)
    {
        try
        {
            return Matches(Convert.FromHexString(keyHash));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private bool Matches(byte[] hash)
    {
        var matched = false;
        foreach (var key in options.CurrentValue.ApiKeys.Where(key => key.Length > 0))
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return matched;
    }
}

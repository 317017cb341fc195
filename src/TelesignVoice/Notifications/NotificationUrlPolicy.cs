using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Notifications;

/// <summary>
/// Which URLs a notification may go to, so that a URL given with a call cannot make the server reach
/// into its own network. Checked when the URL is given (<see cref="Check"/>) and again when it is
/// called (<see cref="IsAllowed(IPAddress)"/>, on every address the host resolves to at connect time):
/// <list type="bullet">
/// <item><c>https</c> only, outside Development; <c>http</c> to a loopback host when <c>Notifications:AllowLoopbackHttp</c> is true.</item>
/// <item>No loopback address unless <c>Notifications:AllowLoopbackHttp</c>, no private address unless
/// <c>Notifications:AllowPrivateAddresses</c>; never link-local (cloud metadata), unspecified or multicast.</item>
/// </list>
/// </summary>
public sealed class NotificationUrlPolicy(IHostEnvironment environment, IOptions<NotificationOptions> options)
{
    /// <summary>Null when the URL may be used; otherwise why not, as a sentence to show the caller.</summary>
    public string? Check(string? url)
    {
        // Uri keeps a control character (a NUL) as it came, and no store or receiver takes one.
        if (url is not null && url.Any(char.IsControl))
        {
            return "must not hold control characters (U+0000 to U+001F, U+007F to U+009F).";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return "must be an absolute https URL, e.g. https://crm.example.com/hooks/telesignvoice.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password; the receiver checks the webhook-signature header instead.";
        }

        var settings = options.Value;
        var loopbackHost = IsLoopbackHost(uri);
        if (uri.Scheme == "http" && !environment.IsDevelopment() && !(loopbackHost && settings.AllowLoopbackHttp))
        {
            return loopbackHost
                ? "uses http: allowed to a loopback host only when Notifications:AllowLoopbackHttp is true."
                : "must use https outside Development (http is allowed only to a loopback host with Notifications:AllowLoopbackHttp).";
        }

        if (loopbackHost && !settings.AllowLoopbackHttp)
        {
            return "points at this machine (loopback); allowed only when Notifications:AllowLoopbackHttp is true.";
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !loopbackHost && Refusal(address) is { } refusal)
        {
            return $"points at {refusal}.";
        }

        return null;
    }

    public bool IsAllowed(IPAddress address) => Refusal(address) is null;

    /// <summary>Why an address is refused (a phrase), or null when it may be called.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var settings = options.Value;
        if (IPAddress.IsLoopback(address))
        {
            return settings.AllowLoopbackHttp ? null : "a loopback address (allowed only with Notifications:AllowLoopbackHttp)";
        }

        if (IsLinkLocalOrSpecial(address))
        {
            return "a link-local, unspecified or multicast address, which is never called";
        }

        if (IsPrivate(address))
        {
            return settings.AllowPrivateAddresses ? null : "a private network address (allowed only with Notifications:AllowPrivateAddresses)";
        }

        return null;
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static bool IsLinkLocalOrSpecial(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6Multicast || address.IsIPv6SiteLocal;
        }

        var bytes = address.GetAddressBytes();
        return (bytes[0] == 169 && bytes[1] == 254) || bytes[0] == 0 || bytes[0] >= 224;
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6UniqueLocal;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] == 10
            || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31)
            || (bytes[0] == 192 && bytes[1] == 168)
            || (bytes[0] == 100 && bytes[1] is >= 64 and <= 127);
    }
}

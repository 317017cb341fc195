using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace TelesignVoice.Privacy;

/// <summary>
/// Values a flow marks sensitive (a PIN, a one-time code) are kept only encrypted with ASP.NET Core Data
/// Protection: the store, the API and notifications see <c>dp1:…</c> ciphertext or <see cref="Mask"/>,
/// and only the flow engine, within an event, sees the clear value.
/// </summary>
public sealed partial class SensitiveValues(IDataProtectionProvider provider, ILogger<SensitiveValues> logger)
{
    public const string Prefix = "dp1:";

    /// <summary>What an API answer shows instead of a sensitive value.</summary>
    public const string Mask = "[sensitive]";

    private readonly IDataProtector _protector = provider.CreateProtector("TelesignVoice.SensitiveValues.v1");

    public string Protect(string value) => Prefix + _protector.Protect(value);

    public static bool IsProtected(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The clear value; null when it was encrypted with a key this instance does not have.</summary>
    public string? Reveal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsProtected(value))
        {
            return value;
        }

        try
        {
            return _protector.Unprotect(value[Prefix.Length..]);
        }
        catch (CryptographicException exception)
        {
            Log.CannotDecrypt(logger, exception);
            return null;
        }
    }

    /// <summary>The variables with every encrypted value replaced by <see cref="Mask"/>, for answers and views.</summary>
    public static IReadOnlyDictionary<string, string> Masked(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables.Values.Any(IsProtected)
            ? variables.ToDictionary(pair => pair.Key, pair => IsProtected(pair.Value) ? Mask : pair.Value, StringComparer.Ordinal)
            : variables;
    }

    /// <summary>The variables with every encrypted value decrypted (a value that cannot be is left out).</summary>
    public IReadOnlyDictionary<string, string> RevealAll(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!variables.Values.Any(IsProtected))
        {
            return variables;
        }

        var clear = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (Reveal(value) is { } revealed)
            {
                clear[name] = revealed;
            }
        }

        return clear;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1901, Level = LogLevel.Error, Message = "A sensitive value cannot be decrypted: its Data Protection key is not in DataProtection:KeysPath (keys not shared between instances, or lost); it is treated as missing")]
        public static partial void CannotDecrypt(ILogger logger, Exception exception);
    }
}

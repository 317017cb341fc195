using Serilog.Core;
using Serilog.Events;

namespace TelesignVoice.Observability;

/// <summary>
/// The last line of defence for logs: whatever a log line carries under a property name that means a
/// secret (API key, Authorization header, signature) is replaced, and phone numbers and collected digits
/// (which may be PINs) are masked unless <c>Observability:ShowPersonalData</c> is on in Development.
/// </summary>
public sealed class PersonalDataEnricher(bool showPersonalData) : ILogEventEnricher
{
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "apikey", "xapikey", "authorization", "xtsauthorization", "signature", "password", "connectionstring", "secret",
    };

    private static readonly HashSet<string> PhoneNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "to", "from", "callerid", "calleridnumber", "phonenumber", "phone", "number", "tonumber", "fromnumber",
    };

    private static readonly HashSet<string> DigitNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "digits", "collecteddigits", "pin", "dtmf", "senddtmf",
    };

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replacements = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            // HttpClient's header lines carry each header as a list of values, not a scalar.
            if (value is not ScalarValue { Value: { } raw })
            {
                if (value is SequenceValue or StructureValue && SecretNames.Contains(Normalize(name)))
                {
                    (replacements ??= []).Add(new LogEventProperty(name, new ScalarValue("[redacted]")));
                }

                continue;
            }

            var masked = Mask(Normalize(name), raw.ToString() ?? string.Empty);
            if (masked is not null)
            {
                (replacements ??= []).Add(new LogEventProperty(name, new ScalarValue(masked)));
            }
        }

        foreach (var property in replacements ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    private string? Mask(string name, string value)
    {
        if (SecretNames.Contains(name))
        {
            return "[redacted]";
        }

        if (showPersonalData)
        {
            return null;
        }

        if (PhoneNames.Contains(name))
        {
            return MaskPhoneNumber(value);
        }

        return DigitNames.Contains(name) ? MaskDigits(value) : null;
    }

    /// <summary>Keeps the first and the last two digits: enough to tell calls apart, too little to dial.</summary>
    public static string MaskPhoneNumber(string? number) =>
        number switch
        {
            null or "" => string.Empty,
            { Length: < 6 } => new string('*', number.Length),
            _ => string.Concat(number.AsSpan(0, 1), new string('*', number.Length - 3), number.AsSpan(number.Length - 2)),
        };

    public static string MaskDigits(string? digits) =>
        string.IsNullOrEmpty(digits) ? string.Empty : $"[{digits.Length} digits]";

    private static string Normalize(string name) =>
        name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
}

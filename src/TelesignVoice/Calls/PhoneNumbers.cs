extern alias libphonenumber;

using libphonenumber::PhoneNumbers;

namespace TelesignVoice.Calls;

/// <summary>
/// Telesign wants digits with the country code and nothing else (docs/telesign-protocol.md, Model and numbers). Operators write
/// numbers as people do, so <c>+1 (555) 555-1212</c> becomes <c>15555551212</c>. Google's libphonenumber
/// decides whether the digits start with a country code that exists and have a length that country uses.
/// </summary>
public static class PhoneNumbers
{
    public const int MinDigits = 8;
    public const int MaxDigits = 15;

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>The digits of <paramref name="input"/>, or null when it holds anything but digits and separators.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var trimmed = input.Trim();
        if (trimmed.StartsWith('+'))
        {
            trimmed = trimmed[1..];
        }

        // libphonenumber also reads letters (vanity numbers) and extensions; an operator's typo must not
        // become a number, so only digits and the separators people write get that far.
        foreach (var c in trimmed)
        {
            if (!char.IsAsciiDigit(c) && c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        try
        {
            var number = Numbers.Parse("+" + trimmed, null);
            var e164 = Numbers.Format(number, PhoneNumberFormat.E164)[1..];
            return e164.Length is >= MinDigits and <= MaxDigits && Numbers.IsPossibleNumber(number) ? e164 : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}

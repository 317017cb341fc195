namespace TelesignVoice.Calls;

/// <summary>
/// Telesign wants digits with the country code and nothing else (docs/telesign-protocol.md, Model and numbers). Operators write
/// numbers as people do, so <c>+1 (555) 555-1212</c> becomes <c>15555551212</c>.
/// </summary>
public static class PhoneNumbers
{
    public const int MinDigits = 8;
    public const int MaxDigits = 15;

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

        var digits = new System.Text.StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.Length is >= MinDigits and <= MaxDigits ? digits.ToString() : null;
    }
}

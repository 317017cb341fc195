using System.Text;
using System.Text.RegularExpressions;

namespace TelesignVoice.Flows;

/// <summary>
/// <c>{name}</c> placeholders in say text, audio URLs and transfer numbers. <c>{name:digits}</c> spaces
/// the value out ("1 2 3 4") so text-to-speech reads digits one by one instead of as a number.
/// </summary>
public static partial class FlowTemplate
{
    /// <summary>Variables every call has, whatever the flow: its numbers and Telesign's reference id.</summary>
    public static IReadOnlyList<string> CallVariables { get; } = ["from", "to", "reference_id"];

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(:digits)?\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> VariablesIn(string? text) =>
        text is null ? [] : Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>The text with every placeholder filled, or null with <paramref name="missing"/> naming the first absent variable.</summary>
    public static string? Render(string text, Func<string, string?> lookup, bool forUrl, out string? missing)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        string? absent = null;
        var rendered = Placeholder().Replace(text, match =>
        {
            var value = lookup(match.Groups[1].Value);
            if (value is null)
            {
                absent ??= match.Groups[1].Value;
                return string.Empty;
            }

            if (match.Groups[2].Success)
            {
                value = SpaceOut(value);
            }

            return forUrl ? Uri.EscapeDataString(value) : value;
        });
        missing = absent;
        return absent is null ? rendered : null;
    }

    private static string SpaceOut(string value)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

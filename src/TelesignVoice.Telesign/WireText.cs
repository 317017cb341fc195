namespace TelesignVoice.Telesign;

/// <summary>
/// Text from the wire that becomes a key or a column: control characters (a NUL above all, which
/// PostgreSQL refuses in text) have no business in ids or phone numbers, so ids carrying them are
/// refused with 400 and numbers are stored without them.
/// </summary>
public static class WireText
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxIdLength = 256;

    /// <summary>True for an id that is present, at most <see cref="MaxIdLength"/> characters, without control characters.</summary>
    public static bool IsCleanId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= MaxIdLength && !value.Any(char.IsControl);

    /// <summary><paramref name="value"/> without its control characters.</summary>
    public static string? WithoutControlCharacters(string? value) =>
        value is null || !value.Any(char.IsControl) ? value : string.Concat(value.Where(c => !char.IsControl(c)));
}

using System.Globalization;

namespace TelesignVoice.OperatorConsole;

/// <summary>How the console writes times: UTC, to the second, the same on every page.</summary>
public static class Format
{
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Clock(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

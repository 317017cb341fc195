namespace TelesignVoice.SimulatorCli;

/// <summary>Option values checked before anything is sent, so a typo gets one line instead of a stack trace.</summary>
internal static class CommandInput
{
    /// <summary>A name given twice is refused: which value was meant is a guess either way.</summary>
    public static (Dictionary<string, string>? Variables, string? Problem) Variables(string[]? pairs)
    {
        if (pairs is null || pairs.Length == 0)
        {
            return (null, null);
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parts in pairs.Select(pair => pair.Split('=', 2)))
        {
            if (!variables.TryAdd(parts[0], parts.Length > 1 ? parts[1] : string.Empty))
            {
                return (null, $"--var {parts[0]} is given more than once; give each variable once.");
            }
        }

        return (variables, null);
    }

    /// <summary>The --server value as an absolute http(s) URL, or null.</summary>
    public static Uri? ServerUrl(string? server) =>
        Uri.TryCreate(server, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
}

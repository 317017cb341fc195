namespace TelesignVoice.Flows;

/// <summary>The <c>Flows</c> section: where flow files are, which one runs, where audio is.</summary>
public sealed class FlowOptions
{
    public const string SectionName = "Flows";

    /// <summary>Folder of flow files, relative to the content root.</summary>
    public string Path { get; set; } = "flows";

    /// <summary>The flow of outbound calls placed without one, and of inbound calls to unmapped numbers.</summary>
    public string DefaultFlow { get; set; } = "default";

    /// <summary>Number called (as Telesign writes it, e.g. 15551230000) → flow id, for incoming calls.</summary>
    public Dictionary<string, string> Inbound { get; } = new(StringComparer.Ordinal);

    /// <summary>Public URL that relative audio URLs in flows resolve against, e.g. https://voice.example.com/audio/.</summary>
    public string? AudioBaseUrl { get; set; }

    /// <summary>Folder (relative to the content root) served under /audio; off when empty.</summary>
    public string? AudioPath { get; set; }

    /// <summary>Reload the flows when a file of <see cref="Path"/> changes (off: only POST /flows/reload reloads).</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Quiet time after the last change before a reload, so a file saved in several writes is read once.</summary>
    public int ReloadDelayMilliseconds { get; set; } = 500;
}

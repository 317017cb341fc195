using System.Diagnostics;

namespace TelesignVoice.Observability;

/// <summary>The one ActivitySource of TelesignVoice: tracing exporters listen to <see cref="SourceName"/>.</summary>
public static class TelesignVoiceActivities
{
    public const string SourceName = "TelesignVoice";

    public static ActivitySource Source { get; } = new(SourceName);
}

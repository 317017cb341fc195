namespace TelesignVoice.Tests.Support;

/// <summary>
/// Tests that read /metrics run alone: OpenTelemetry listens to meters by name process-wide, so
/// another test host handling events at the same moment would add to the counts they assert.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}

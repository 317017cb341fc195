namespace TelesignVoice.Simulator;

/// <summary>
/// One simulated call as it unfolds: who said what, in order. Written by the call's driver, read by the
/// control API while the call runs; <see cref="Completion"/> finishes when the call has ended.
/// </summary>
public sealed class CallTranscript(string referenceId, string? externalId, string direction, string from, string to)
{
    private readonly Lock _gate = new();
    private readonly List<TranscriptLine> _lines = [];
    private readonly TaskCompletionSource<SimulatedCallView> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _state = SimulatedCallStates.Running;
    private string? _error;

    public string ReferenceId => referenceId;

    public Task<SimulatedCallView> Completion => _completion.Task;

    public void Add(DateTimeOffset at, string who, string text)
    {
        lock (_gate)
        {
            _lines.Add(new TranscriptLine(at, who, text));
        }
    }

    /// <summary>Ends the call; the first error decides that it failed.</summary>
    public void Finish(string? error)
    {
        SimulatedCallView view;
        lock (_gate)
        {
            if (_state != SimulatedCallStates.Running)
            {
                return;
            }

            _error = error;
            _state = error is null ? SimulatedCallStates.Completed : SimulatedCallStates.Failed;
            view = ViewLocked();
        }

        _completion.TrySetResult(view);
    }

    public SimulatedCallView View()
    {
        lock (_gate)
        {
            return ViewLocked();
        }
    }

    private SimulatedCallView ViewLocked() =>
        new(referenceId, externalId, direction, from, to, _state, _error, [.. _lines]);
}

/// <summary>A transcript as the control API returns it.</summary>
public sealed record SimulatedCallView(
    string ReferenceId,
    string? ExternalId,
    string Direction,
    string From,
    string To,
    string State,
    string? Error,
    IReadOnlyList<TranscriptLine> Lines);

/// <param name="Who"><c>telesign</c> (an event sent), <c>server</c> (the action it answered), <c>caller</c>, or <c>simulator</c> (a verdict).</param>
public sealed record TranscriptLine(DateTimeOffset At, string Who, string Text);

public static class SimulatedCallStates
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public static class TranscriptSpeakers
{
    public const string Telesign = "telesign";
    public const string Server = "server";
    public const string Caller = "caller";
    public const string Simulator = "simulator";
}
